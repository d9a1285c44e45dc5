package org.engram.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import org.engram.driver.grid.GridException;
import org.engram.driver.grid.SpecField;
import org.engram.driver.grid.SpecFields;
import org.engram.driver.grid.Trial;
import org.engram.spec.NetworkType;
import org.engram.spec.TrialSpec;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  private static List<String> problems(String hocon) {
    GridException e =
        assertThrows(GridException.class, () -> ConfigLoader.loadString(hocon, "test.conf"));
    return e.problems();
  }

  private static void assertProblem(List<String> problems, String... parts) {
    boolean found =
        problems.stream().anyMatch(p -> java.util.Arrays.stream(parts).allMatch(p::contains));
    assertTrue(found, "no problem containing " + List.of(parts) + " in " + problems);
  }

  @Test
  void referenceDeclaresEveryKeyWithTheRecordsDefaults() {
    Experiment e = ConfigLoader.loadString("", "empty");
    List<Trial> trials = e.grid().expand();
    assertEquals(1, trials.size());
    assertEquals(TrialSpec.defaults(1), trials.get(0).spec());
    for (SpecField f : SpecFields.all()) {
      if (!f.key().equals(SpecFields.SEED)) {
        assertTrue(ConfigLoader.reference().hasPath(f.key()), "reference.conf lacks " + f.key());
      }
    }
    assertEquals("engram", e.run().name());
    assertEquals(1, e.run().coresPerTrial());
  }

  @Test
  void theStudySizedSparkBenchmarkIsTheSmallOneWithFourTimesTheSeeds() {
    List<Trial> small =
        ConfigLoader.load(new File("../conf/bench-spark.conf"), List.of()).grid().expand();
    List<Trial> study =
        ConfigLoader.load(new File("../conf/bench-spark-study.conf"), List.of()).grid().expand();
    assertEquals(24, small.size());
    assertEquals(96, study.size());
    // The same trials first (an include, not a copy that could drift), then 72 more seeds.
    assertEquals(small, study.subList(0, 24));
    TrialSpec first = small.get(0).spec();
    for (Trial t : study) {
      TrialSpec sameButSeed =
          new TrialSpec(
              first.network(), first.task(), first.train(), first.eval(), t.spec().seed());
      assertEquals(sameButSeed, t.spec(), "only the seed varies");
    }
  }

  @Test
  void gridIsACartesianProductInTheDocumentedOrder() {
    Experiment e =
        ConfigLoader.loadString(
            "run.name = t\n"
                + "network.hidden = 4\n"
                + "task.recallSteps = 3\n"
                + "grid { seed = [7, 8], task.snippets = [1, 2, 3],"
                + " network.type = [plastic, frozen-synapses] }",
            "t.conf");
    List<Trial> trials = e.grid().expand();
    assertEquals(12, trials.size());
    // network.type slowest, then task.snippets, seed fastest, whatever the file's order.
    TrialSpec first = trials.get(0).spec();
    assertEquals(NetworkType.PLASTIC, first.network().type());
    assertEquals(1, first.task().snippets());
    assertEquals(7, first.seed());
    assertEquals(8, trials.get(1).spec().seed());
    assertEquals(2, trials.get(2).spec().task().snippets());
    assertEquals(NetworkType.FROZEN_SYNAPSES, trials.get(6).spec().network().type());
    assertEquals(4, first.network().hidden());
    assertEquals(3, first.task().recallSteps());
    assertEquals(12, trials.stream().map(Trial::id).distinct().count());
  }

  @Test
  void extendingAnAxisKeepsTheIdsOfTheOldPoints() {
    List<String> small =
        ConfigLoader.loadString("grid { task.snippets = [1, 2] }", "a").grid().expand().stream()
            .map(Trial::id)
            .toList();
    List<String> big =
        ConfigLoader.loadString("grid { task.snippets = [1, 2, 4] }", "b").grid().expand().stream()
            .map(Trial::id)
            .toList();
    assertTrue(big.containsAll(small));
    assertEquals(3, big.size());
  }

  @Test
  void runSettingsDoNotChangeTrialIds() {
    String a = ConfigLoader.loadString("run.name = a", "a").grid().expand().get(0).id();
    String b =
        ConfigLoader.loadString("run { name = b, coresPerTrial = 2 }", "b")
            .grid()
            .expand()
            .get(0)
            .id();
    assertEquals(a, b);
  }

  @Test
  void recallStepsBelowTheTopologysMinimumFailsAtLoadNotAtTrialTime() {
    // 1 is below auto (2 for dense): valid for the record, only the built network knows.
    assertProblem(
        problems("grid { task.recallSteps = [auto, 1], seed = [1, 2] }"),
        "task.recallSteps must be >= 2",
        "got 1",
        "at 2 of 4 grid points");
    assertEquals(
        4,
        ConfigLoader.loadString("grid { task.recallSteps = [auto, 2], seed = [1, 2] }", "ok")
            .grid()
            .expand()
            .size());
  }

  @Test
  void unknownKeyNamesItsPathAndSuggests() {
    assertProblem(
        problems("network.hiden = 4"),
        "test.conf",
        "network.hiden: unknown key",
        "did you mean network.hidden");
    assertProblem(problems("netwerk { hidden = 4 }"), "netwerk.hidden: unknown key");
  }

  @Test
  void wrongTypesNameTheKeyAndWhatWasExpected() {
    assertProblem(problems("network.hidden = eight"), "network.hidden: expected an integer");
    assertProblem(problems("network.hidden = 4.5"), "network.hidden: expected an integer");
    assertProblem(problems("train.lr = fast"), "train.lr: expected a number");
    assertProblem(problems("train.curriculum = 3"), "train.curriculum: expected true or false");
    assertProblem(
        problems("network.type = plasticc"),
        "network.type: expected one of [plastic, scalar-synapse, frozen-synapses, hebbian,"
            + " untyped, lstm, lstm-state, hopfield, delta-rule]");
    assertProblem(
        problems("task.recallSteps = soon"), "task.recallSteps: expected an integer or auto");
    assertProblem(problems("eval.difficulties = [1, x]"), "eval.difficulties: expected integers");
  }

  @Test
  void invalidValuesUseTheRecordsMessagesWithTheLine() {
    assertProblem(
        problems("\nnetwork.hidden = -1"), "test.conf:2: network.hidden must be >= 0, got -1");
    assertProblem(problems("task.maskFraction = 2"), "task.maskFraction must be in [0.0, 1.0]");
    assertProblem(problems("run.coresPerTrial = 0"), "run.coresPerTrial must be >= 1, got 0");
  }

  @Test
  void gridProblemsNameTheAxis() {
    assertProblem(
        problems("grid { network.type = plastic }"),
        "grid.network.type: expected a non-empty list");
    assertProblem(
        problems("grid { network.hiden = [1] }"),
        "grid.network.hiden: unknown grid axis",
        "did you mean network.hidden");
    assertProblem(
        problems("grid { network.type = [plastic, lstmm] }"), "grid.network.type: expected one of");
    assertProblem(
        problems("grid { task.snippets = [2, 0] }"),
        "task.snippets must be >= 1, got 0",
        "at 1 of 2 grid points");
    assertProblem(
        problems("run.seeds = [1]\ngrid { seed = [1, 2] }"), "set either run.seeds or grid.seed");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    List<String> p = problems("network.hiden = 4\ntrain.lr = fast\ngrid { foo = [1] }");
    assertEquals(3, p.size(), p.toString());
  }

  @Test
  void missingFileAndSyntaxErrorsAreOneLine() {
    assertProblem(
        assertThrows(GridException.class, () -> ConfigLoader.load(new File("nope.conf"), List.of()))
            .problems(),
        "nope.conf: no such config file");
    assertProblem(problems("network { hidden = "), "test.conf");
  }

  @Test
  void setOverridesWinOverTheFile() throws Exception {
    File f = File.createTempFile("exp", ".conf");
    f.deleteOnExit();
    java.nio.file.Files.writeString(f.toPath(), "network.hidden = 4\n");
    Experiment e = ConfigLoader.load(f, List.of("network.hidden = 6", "run.seeds = [3, 4]"));
    List<Trial> trials = e.grid().expand();
    assertEquals(2, trials.size());
    assertEquals(6, trials.get(0).spec().network().hidden());
    assertEquals(3, trials.get(0).spec().seed());
  }

  @Test
  void sparkKeysPassThrough() {
    Experiment e = ConfigLoader.loadString("spark.executor.memory = 2g", "s");
    assertEquals("2g", e.run().spark().get("spark.executor.memory"));
  }
}
