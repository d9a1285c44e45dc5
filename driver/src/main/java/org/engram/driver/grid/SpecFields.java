package org.engram.driver.grid;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.engram.spec.EvalSpec;
import org.engram.spec.NetworkSpec;
import org.engram.spec.TaskSpec;
import org.engram.spec.TrainSpec;
import org.engram.spec.TrialSpec;

/**
 * Every settable value of a {@link TrialSpec}, found by reflection on its records, in a fixed
 * order: the sections in {@code TrialSpec}'s order (network, task, train, eval), each section's
 * components in declaration order, then {@code seed}. Reflection keeps config keys, grid axes and
 * table columns in step with the records without a second list to maintain.
 */
public final class SpecFields {

  /** The key of the seed. */
  public static final String SEED = "seed";

  private static final Map<String, Class<? extends Record>> SECTIONS = sections();
  private static final List<SpecField> ALL = discover();

  private SpecFields() {}

  /** Every field, in the fixed order described above. */
  public static List<SpecField> all() {
    return ALL;
  }

  /** The field with this key, if any. */
  public static Optional<SpecField> byKey(String key) {
    return ALL.stream().filter(f -> f.key().equals(key)).findFirst();
  }

  /** The position of a key in the fixed order (the order of grid axes). */
  public static int order(String key) {
    for (int i = 0; i < ALL.size(); i++) {
      if (ALL.get(i).key().equals(key)) {
        return i;
      }
    }
    throw new IllegalArgumentException("not a spec key: '" + key + "'");
  }

  /** The value of a field in a spec: enums stay enums, lists stay lists. */
  public static Object value(TrialSpec spec, SpecField field) {
    if (field.component() == null) {
      return spec.seed();
    }
    try {
      Object section = TrialSpec.class.getMethod(field.section()).invoke(spec);
      return field.component().getAccessor().invoke(section);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + field.key(), e);
    }
  }

  /** The values of every field of a spec, by key, in the fixed order. */
  public static Map<String, Object> values(TrialSpec spec) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (SpecField f : ALL) {
      out.put(f.key(), value(spec, f));
    }
    return out;
  }

  /**
   * Builds a spec from a value for every key. The records' constructors validate: their messages
   * name the key, and are thrown as {@link IllegalArgumentException}.
   */
  public static TrialSpec build(Map<String, Object> values) {
    List<Object> sections = new ArrayList<>();
    for (Map.Entry<String, Class<? extends Record>> s : SECTIONS.entrySet()) {
      sections.add(construct(s.getKey(), s.getValue(), values));
    }
    Object seed = values.get(SEED);
    if (!(seed instanceof Long l)) {
      throw new IllegalArgumentException("seed must be an integer, got " + seed);
    }
    return new TrialSpec(
        (NetworkSpec) sections.get(0),
        (TaskSpec) sections.get(1),
        (TrainSpec) sections.get(2),
        (EvalSpec) sections.get(3),
        l);
  }

  private static Object construct(
      String section, Class<? extends Record> type, Map<String, Object> values) {
    RecordComponent[] comps = type.getRecordComponents();
    Class<?>[] types = new Class<?>[comps.length];
    Object[] args = new Object[comps.length];
    for (int i = 0; i < comps.length; i++) {
      types[i] = comps[i].getType();
      String key = section + "." + comps[i].getName();
      if (!values.containsKey(key)) {
        throw new IllegalArgumentException(key + " is required");
      }
      args[i] = values.get(key);
    }
    try {
      Constructor<? extends Record> c = type.getDeclaredConstructor(types);
      return c.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("cannot build " + section, e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + section, e);
    }
  }

  private static Map<String, Class<? extends Record>> sections() {
    Map<String, Class<? extends Record>> m = new LinkedHashMap<>();
    for (RecordComponent c : TrialSpec.class.getRecordComponents()) {
      if (c.getType().isRecord()) {
        m.put(c.getName(), c.getType().asSubclass(Record.class));
      }
    }
    return m;
  }

  private static List<SpecField> discover() {
    List<SpecField> out = new ArrayList<>();
    for (Map.Entry<String, Class<? extends Record>> s : SECTIONS.entrySet()) {
      for (RecordComponent c : s.getValue().getRecordComponents()) {
        out.add(new SpecField(s.getKey() + "." + c.getName(), s.getKey(), c));
      }
    }
    out.add(new SpecField(SEED, "", null));
    return List.copyOf(out);
  }

  /** The label of an enum value as configs and tables spell it (its {@code label()} method). */
  public static String label(Enum<?> e) {
    try {
      Method m = e.getClass().getMethod("label");
      return (String) m.invoke(e);
    } catch (ReflectiveOperationException ex) {
      return e.name();
    }
  }

  /** A value as configs spell it: enums by label, lists as {@code [1, 2]}. */
  public static String format(Object v) {
    return v instanceof Enum<?> e ? label(e) : String.valueOf(v);
  }

  /** Parses an enum label with the enum's own {@code fromLabel}. */
  public static Object parseEnum(Class<?> type, String label) {
    try {
      return type.getMethod("fromLabel", String.class).invoke(null, label);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(type + " has no fromLabel(String)", e);
    }
  }
}
