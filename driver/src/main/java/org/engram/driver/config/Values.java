package org.engram.driver.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import org.engram.driver.grid.SpecField;
import org.engram.driver.grid.SpecFields;

/**
 * Converts one config value to the Java type of a spec field, strictly: an integer key takes only
 * integral numbers, an enum key only one of its labels, {@code task.recallSteps} also the string
 * {@code auto}. Range checks are left to the records' constructors.
 */
final class Values {

  /** A value of the wrong type; the message names the file, line and key. */
  static final class BadValue extends Exception {
    private static final long serialVersionUID = 1L;

    BadValue(ConfigValue v, String key, String expected) {
      super(ConfigLoader.at(v) + key + ": expected " + expected + ", got " + show(v));
    }
  }

  /** The key whose value may be {@code auto}, meaning 0 in the record. */
  static final String RECALL_STEPS = "task.recallSteps";

  private Values() {}

  static Object convert(SpecField f, ConfigValue v) throws BadValue {
    return convert(f, v, f.key());
  }

  /** As {@link #convert(SpecField, ConfigValue)}, naming {@code path} (e.g. a grid axis). */
  static Object convert(SpecField f, ConfigValue v, String path) throws BadValue {
    Class<?> t = f.type();
    if (f.key().equals(RECALL_STEPS)
        && v.valueType() == ConfigValueType.STRING
        && "auto".equals(v.unwrapped())) {
      return 0;
    }
    if (t == int.class) {
      return (int) integral(v, path, Integer.MIN_VALUE, Integer.MAX_VALUE, intExpected(f));
    }
    if (t == long.class) {
      return integral(v, path, Long.MIN_VALUE, Long.MAX_VALUE, "an integer");
    }
    if (t == double.class) {
      if (v.valueType() != ConfigValueType.NUMBER) {
        throw new BadValue(v, path, "a number");
      }
      return ((Number) v.unwrapped()).doubleValue();
    }
    if (t == boolean.class) {
      if (v.valueType() != ConfigValueType.BOOLEAN) {
        throw new BadValue(v, path, "true or false");
      }
      return v.unwrapped();
    }
    if (t.isEnum()) {
      if (v.valueType() != ConfigValueType.STRING) {
        throw new BadValue(v, path, "one of " + labels(t));
      }
      try {
        return SpecFields.parseEnum(t, (String) v.unwrapped());
      } catch (IllegalArgumentException e) {
        throw new BadValue(v, path, "one of " + labels(t));
      }
    }
    if (t == List.class) {
      if (v.valueType() != ConfigValueType.LIST) {
        throw new BadValue(v, path, "a list of integers");
      }
      List<Integer> out = new ArrayList<>();
      for (ConfigValue e : (ConfigList) v) {
        out.add((int) integral(e, path, Integer.MIN_VALUE, Integer.MAX_VALUE, "integers"));
      }
      return out;
    }
    throw new IllegalStateException("no conversion for " + f.key() + " of type " + t);
  }

  private static String intExpected(SpecField f) {
    return f.key().equals(RECALL_STEPS) ? "an integer or auto" : "an integer";
  }

  private static long integral(ConfigValue v, String key, long min, long max, String expected)
      throws BadValue {
    if (v.valueType() != ConfigValueType.NUMBER) {
      throw new BadValue(v, key, expected);
    }
    Number n = (Number) v.unwrapped();
    double d = n.doubleValue();
    if (n instanceof Double || d != Math.rint(d) || d < min || d > max) {
      throw new BadValue(v, key, expected);
    }
    return n.longValue();
  }

  private static String labels(Class<?> enumType) {
    List<String> out = new ArrayList<>();
    for (Object c : enumType.getEnumConstants()) {
      out.add(SpecFields.label((Enum<?>) c));
    }
    return out.toString();
  }

  /** A value for a message: its type and how the file spells it. */
  static String show(ConfigValue v) {
    String text = v.render(com.typesafe.config.ConfigRenderOptions.concise());
    return v.valueType().name().toLowerCase(java.util.Locale.ROOT) + " " + text;
  }
}
