package dev.optimlab.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.optimlab.experiment.Experiment;
import dev.optimlab.experiment.SpecParser;
import dev.optimlab.run.Trial;
import dev.optimlab.run.TrialEngine;
import dev.optimlab.run.TrialExecutor;

/**
 * The executor's side of a Spark run. A run hands its units to the engine in a sequence of calls
 * ({@code UnitEngine.map}: a comparison's missing trials, an ensemble task's seeds, a
 * cross-validation's seeds, then its series' seeds, ...). A task names one unit of one call; the
 * executor rebuilds the run from the job (spec, data, the stored trials as the driver had them when
 * it started) and runs it again with {@link Replay} as its engine: the calls before the task's get
 * the driver's results (so the rebuilt run takes the same path), and at the task's call the named
 * unit is computed, exactly as a local worker computes it, and handed back serialized. Nothing the
 * rebuilt run would write after that is reached, and what it wrote before (a copy of the stored
 * trials) is in a temporary directory, deleted after the task.
 *
 * <p>A trial is named by its id and its fingerprint, checked here: a task whose executor plans another
 * trial under that id (different code, spec or data) fails rather than return another trial's
 * numbers. Other units are named by their index in the call, whose size is checked. A task run twice
 * (Spark's retry or speculation) computes the same result: the driver keeps the first.
 */
final class RemoteUnits {

    /** A finished call of the run: its units' keys and their results, serialized. */
    record Call(List<String> keys, List<byte[]> results) implements Serializable {
    }

    /** One unit of call {@code call}: its index and key, and the call's size on the driver. */
    record Task(int call, int index, String key, String fingerprint, int units) implements Serializable {
    }

    private RemoteUnits() {
    }

    /** The key of a unit: a trial's id, else its index (a trial's plan position may differ between resumed runs). */
    static String key(Object unit, int index) {
        return unit instanceof Trial t ? "trial " + t.id() : "unit " + index;
    }

    static List<String> keys(List<?> units) {
        List<String> keys = new ArrayList<>(units.size());
        for (int i = 0; i < units.size(); i++) {
            keys.add(key(units.get(i), i));
        }
        return keys;
    }

    /** Computes the task's unit here by running the job again up to it; its result, serialized. */
    static byte[] compute(TrialEngine.Job job, List<Call> history, Task task) {
        Path root = null;
        try {
            root = Files.createTempDirectory("optimlab-unit");
            Path spec = Files.writeString(root.resolve(job.specFileName()), job.specText());
            Experiment experiment = SpecParser.parseAny(spec, job.quick());
            Path results = root.resolve("results");
            for (Map.Entry<String, String> f : job.stored().entrySet()) {
                Path to = results.resolve(experiment.name()).resolve(f.getKey());
                Files.createDirectories(to.getParent());
                Files.writeString(to, f.getValue());
            }
            experiment.run(new Experiment.Settings(results, ShippedData.root(Path.of(job.dataRoot())), job.fresh(),
                    job.retrainStale(), true, "spark task", new PrintStream(OutputStream.nullOutputStream()), 1,
                    new Replay(history, task)));
            throw new IllegalStateException(task.key() + " of call " + task.call() + ": the run of " + job.specFileName()
                    + " on this executor ended without reaching it");
        } catch (Found found) {
            return found.result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rebuild " + job.specFileName() + " on this executor: " + e.getMessage(), e);
        } finally {
            delete(root);
        }
    }

    /** Thrown when the task's unit is computed: ends the rebuilt run there, before it writes anything. */
    private static final class Found extends RuntimeException {
        final byte[] result;

        Found(byte[] result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    /** The engine of a rebuilt run: the driver's results for earlier calls, the task's unit at its call. */
    private static final class Replay implements TrialEngine {
        private final List<Call> history;
        private final Task task;
        private int calls;

        Replay(List<Call> history, Task task) {
            this.history = history;
            this.task = task;
        }

        @Override
        public int slots() {
            return 1;
        }

        @Override
        public <U, R> List<R> map(List<U> units, Function<U, R> work, TrialExecutor.Listener<U, R> listener) {
            int call = calls++;
            List<String> keys = keys(units);
            if (call < task.call()) {
                Call done = history.get(call);
                if (!done.keys().equals(keys)) {
                    throw new IllegalStateException("call " + call + " plans " + keys.size() + " units on this executor, "
                            + done.keys().size() + " on the driver (different code, spec, data or stored results)");
                }
                List<R> out = new ArrayList<>();
                for (int i = 0; i < units.size(); i++) {
                    @SuppressWarnings("unchecked")
                    R r = (R) deserialize(done.results().get(i));
                    listener.finished(0, units.get(i), r);
                    out.add(r);
                }
                return out;
            }
            throw new Found(serialize(work.apply(unit(units, keys))));
        }

        /** The task's unit in this executor's call, checked against the driver's. */
        private <U> U unit(List<U> units, List<String> keys) {
            int i = keys.indexOf(task.key());
            if (i < 0 || (!(units.get(i) instanceof Trial) && units.size() != task.units())) {
                throw new IllegalStateException(task.key() + " of call " + task.call() + " is not planned on this executor ("
                        + units.size() + " units here, " + task.units() + " on the driver)");
            }
            if (units.get(i) instanceof Trial t && !t.fingerprint().equals(task.fingerprint())) {
                throw new IllegalStateException("trial " + t.id() + ": fingerprint " + t.fingerprint() + " on this executor, "
                        + task.fingerprint() + " on the driver (different code, spec or data)");
            }
            return units.get(i);
        }
    }

    static byte[] serialize(Object result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(result);
        } catch (IOException e) {
            throw new UncheckedIOException("a unit's result cannot be sent back (" + e + "): its types must be Serializable", e);
        }
        return bytes.toByteArray();
    }

    static Object deserialize(byte[] bytes) {
        try (ObjectInputStream in = new Resolving(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("a unit's result cannot be read back: " + e, e);
        }
    }

    /** Resolves classes with this module's loader (under spark-submit, the application jar's). */
    private static final class Resolving extends ObjectInputStream {
        Resolving(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, RemoteUnits.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }

    private static void delete(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind: nothing to report to the driver
        }
    }
}
