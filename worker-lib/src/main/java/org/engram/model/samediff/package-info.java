/**
 * A SameDiff (ND4J autodiff) implementation of one window of the engram model, kept beside the
 * hand-written INDArray implementation so that the two can be measured against each other ({@link
 * org.engram.model.samediff.SameDiffWindow}, {@link org.engram.model.samediff.SameDiffBench}). It
 * depends on no other model class.
 */
package org.engram.model.samediff;
