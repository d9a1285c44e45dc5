/**
 * Evaluation of a trained rule (MODEL.md sections 7 and 8): counts of right hidden and visible bits
 * and of fully recalled snippets at the scored steps of a window ({@link
 * org.engram.eval.RecallCounts}), pooled over windows, and the per-difficulty metrics and capacity
 * derived from them ({@link org.engram.eval.HiddenBitMetrics}).
 */
package org.engram.eval;
