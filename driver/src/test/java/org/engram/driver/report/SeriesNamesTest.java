package org.engram.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Series are the network type plus every spec key that varies across the OK trials. */
class SeriesNamesTest {

  private static ReportData.Trial trial(String id, String type, long seed, String... kv) {
    Map<String, String> spec = new LinkedHashMap<>();
    spec.put("network.type", type);
    spec.put("network.hidden", "8");
    spec.put("task.snippets", "1");
    spec.put("train.steps", "100");
    for (int i = 0; i < kv.length; i += 2) {
      spec.put(kv[i], kv[i + 1]);
    }
    return new ReportData.Trial(id, type, seed, spec);
  }

  @Test
  void aVaryingKeyNamesTheSeriesTheSeedDoesNot() {
    List<ReportData.Trial> trials =
        List.of(
            trial("a", "frozen-synapses", 1, "task.snippets", "2"),
            trial("b", "plastic", 1, "task.snippets", "10"),
            trial("c", "plastic", 2, "task.snippets", "2"),
            trial("d", "plastic", 1));
    SeriesNames names = SeriesNames.of(trials);
    assertEquals(List.of("task.snippets"), names.varying());
    assertEquals(List.of("plastic", "frozen-synapses"), names.types(), "NetworkType's order");
    assertEquals("plastic, task.snippets=2", names.key(trials.get(2)).label());
    assertEquals(
        List.of(
            "plastic, task.snippets=1", "plastic, task.snippets=2", "plastic, task.snippets=10"),
        trials.stream()
            .filter(t -> t.networkType().equals("plastic"))
            .map(names::key)
            .sorted()
            .map(SeriesNames.Key::label)
            .distinct()
            .toList(),
        "numeric values sort as numbers");
  }

  @Test
  void nothingVaryingButTheTypeGivesTheTypeAlone() {
    SeriesNames names = SeriesNames.of(List.of(trial("a", "plastic", 1), trial("b", "hebbian", 2)));
    assertEquals(List.of(), names.varying());
    assertEquals("hebbian", names.key(trial("b", "hebbian", 2)).label());
  }

  @Test
  void sizeKeysCanBeLeftOut() {
    List<ReportData.Trial> trials =
        List.of(
            trial("a", "plastic", 1, "network.hidden", "8", "task.snippets", "2"),
            trial("b", "plastic", 1, "network.hidden", "16"));
    SeriesNames names = SeriesNames.of(trials);
    assertEquals(List.of("network.hidden", "task.snippets"), names.varying(), "spec order");
    assertEquals("plastic, network.hidden=8, task.snippets=2", names.key(trials.get(0)).label());
    assertEquals(
        "plastic, task.snippets=2", names.key(trials.get(0), SeriesNames.SIZE_KEYS).label());
  }
}
