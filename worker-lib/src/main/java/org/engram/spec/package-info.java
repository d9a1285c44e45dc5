/**
 * Records that describe one trial: network, task, training and evaluation settings and a seed.
 * Plain data without ND4J types, validated in their constructors with messages that name the key
 * and the value, so that Spark can ship them and Jackson can write them as the canonical JSON that
 * identifies a trial.
 */
package org.engram.spec;
