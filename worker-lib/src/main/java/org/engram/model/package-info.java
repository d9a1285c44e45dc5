/**
 * The network of MODEL.md sections 2 to 4 on ND4J: structure, meta-parameters, state, the message,
 * the activation rule, the synapse rules of every network type, the readout, and the gradient of a
 * window's loss by a hand-written backward pass. Every op acts on whole batched tensors; nothing
 * loops over neurons or synapses in Java.
 */
package org.engram.model;
