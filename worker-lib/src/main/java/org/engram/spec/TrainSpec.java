package org.engram.spec;

import static org.engram.spec.Checks.atLeast;
import static org.engram.spec.Checks.inRange;
import static org.engram.spec.Checks.notNull;
import static org.engram.spec.Checks.positive;

/**
 * Meta-training of one trial (MODEL.md section 6).
 *
 * @param steps meta-updates
 * @param batch B, lifetimes per batch sharing the meta-parameters
 * @param lr initial Adam learning rate
 * @param finalLr learning rate at the last meta-step, reached linearly
 * @param clip global gradient-norm clip
 * @param adamBeta1 Adam's first-moment decay
 * @param adamBeta2 Adam's second-moment decay
 * @param adamEpsilon Adam's epsilon
 * @param curriculum whether K starts at 1 and grows up to the task's K
 * @param curriculumThreshold recent hidden-bit accuracy above which K grows by one
 * @param curriculumWindow meta-steps over which the recent accuracy is averaged
 * @param checkpointEvery meta-steps between checkpoints (0: none)
 * @param curveEvery meta-steps between points of the recorded training curve
 * @param dtype precision of states and meta-parameters
 */
public record TrainSpec(
    int steps,
    int batch,
    double lr,
    double finalLr,
    double clip,
    double adamBeta1,
    double adamBeta2,
    double adamEpsilon,
    boolean curriculum,
    double curriculumThreshold,
    int curriculumWindow,
    int checkpointEvery,
    int curveEvery,
    Precision dtype) {

  public TrainSpec {
    atLeast("train.steps", steps, 1);
    atLeast("train.batch", batch, 1);
    positive("train.lr", lr);
    positive("train.finalLr", finalLr);
    positive("train.clip", clip);
    inRange("train.adamBeta1", adamBeta1, 0.0, 1.0, false);
    inRange("train.adamBeta2", adamBeta2, 0.0, 1.0, false);
    positive("train.adamEpsilon", adamEpsilon);
    inRange("train.curriculumThreshold", curriculumThreshold, 0.0, 1.0, false);
    atLeast("train.curriculumWindow", curriculumWindow, 1);
    atLeast("train.checkpointEvery", checkpointEvery, 0);
    atLeast("train.curveEvery", curveEvery, 1);
    notNull("train.dtype", dtype);
  }

  /** MODEL.md's defaults: Adam 1e-3 to 1e-4, B = 16, clip 1.0, 2000 meta-steps, float32. */
  public static TrainSpec defaults() {
    return new TrainSpec(
        2000, 16, 1e-3, 1e-4, 1.0, 0.9, 0.999, 1e-8, false, 0.9, 50, 200, 10, Precision.FLOAT32);
  }

  public TrainSpec withSteps(int n) {
    return new TrainSpec(
        n,
        batch,
        lr,
        finalLr,
        clip,
        adamBeta1,
        adamBeta2,
        adamEpsilon,
        curriculum,
        curriculumThreshold,
        curriculumWindow,
        checkpointEvery,
        curveEvery,
        dtype);
  }

  public TrainSpec withBatch(int b) {
    return new TrainSpec(
        steps,
        b,
        lr,
        finalLr,
        clip,
        adamBeta1,
        adamBeta2,
        adamEpsilon,
        curriculum,
        curriculumThreshold,
        curriculumWindow,
        checkpointEvery,
        curveEvery,
        dtype);
  }
}
