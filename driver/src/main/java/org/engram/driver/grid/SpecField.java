package org.engram.driver.grid;

import java.lang.reflect.RecordComponent;
import java.util.Locale;

/**
 * One settable value of a {@link org.engram.spec.TrialSpec}: a component of one of its section
 * records, or the seed. Its key is {@code <section>.<component>} (e.g. {@code network.hidden}), the
 * same in config files, grid axes and error messages.
 *
 * @param key the config key, e.g. {@code task.recallSteps}
 * @param section the section, e.g. {@code task}; empty for the seed
 * @param component the record component, null for the seed
 */
public record SpecField(String key, String section, RecordComponent component) {

  public SpecField {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("key must not be blank, got '" + key + "'");
    }
  }

  /** The Java type of the value: int, long, double, boolean, an enum, or List (of Integer). */
  public Class<?> type() {
    return component == null ? long.class : component.getType();
  }

  /** The key in snake_case with {@code _} for {@code .}, e.g. {@code task_recall_steps}. */
  public String snakeName() {
    StringBuilder sb = new StringBuilder();
    for (char c : key.toCharArray()) {
      if (c == '.') {
        sb.append('_');
      } else if (Character.isUpperCase(c)) {
        sb.append('_').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }
}
