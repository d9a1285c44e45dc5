/**
 * What constitutes a learning rule (MODEL.md section 8): probes of a trained rule's synapse
 * response and of where its memory sits, recorded in the {@code rules} table.
 */
package org.engram.probe;
