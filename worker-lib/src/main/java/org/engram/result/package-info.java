/**
 * What a trial returns: metrics per evaluated difficulty, the training curve, the trained rule and
 * provenance. Plain data, written by the driver into the result tables.
 */
package org.engram.result;
