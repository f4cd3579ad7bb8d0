package dev.optimlab.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

import dev.optimlab.report.GitInfo;
import dev.optimlab.run.RunException;
import dev.optimlab.run.Trial;
import dev.optimlab.run.TrialEngine;
import dev.optimlab.run.TrialExecutor;
import dev.optimlab.run.TrialResult;

/**
 * {@code --spark MASTER}: the engine of one run, one Spark job per call of the run's
 * {@link dev.optimlab.run.UnitEngine#map}, one task (partition) per unit (missing trial, seed, fold,
 * fit). Each task computes its unit on an executor ({@link RemoteUnits}: the run rebuilt there) and
 * returns the result serialized; the driver gets each result as its task finishes
 * (SparkContext.submitJob's result handler), and hands it to the run's listener on the caller's
 * thread, which stores it exactly as a local run does. A run killed half-way keeps every trial
 * written so far; Spark retries a failed task ({@code spark.task.maxFailures}), and since a task's
 * result depends only on its unit, a retry returns the same numbers.
 *
 * <p>Defaults, each kept when the user set it ({@code -Dspark.key=value} or spark-submit's
 * {@code --conf}): one core per task and one OpenMP thread per executor process (the trials are
 * small networks; ND4J's threads would only contend), an off-heap cap for ND4J, Java
 * serialization of the (small) tasks, no web UI, and in local mode a driver bound to 127.0.0.1.
 */
public final class SparkEngine implements TrialEngine {

    /** Registered in META-INF/services: how the command line opens this engine without depending on Spark. */
    public static final class Provider implements TrialEngine.Provider {
        @Override
        public TrialEngine open(String master, Job job) {
            return new SparkEngine(conf(master), job);
        }
    }

    private final JavaSparkContext spark;
    private final Broadcast<Job> job;
    /** The run's calls so far, in order: rebuilt runs on the executors replay them ({@link RemoteUnits}). */
    private final List<RemoteUnits.Call> history = new ArrayList<>();

    SparkEngine(SparkConf conf, Job job) {
        this.spark = new JavaSparkContext(conf);
        this.job = spark.broadcast(job);
    }

    /** The settings a run uses: the user's, completed by the defaults above. */
    static SparkConf conf(String master) {
        SparkConf c = new SparkConf().setAppName("optimlab").setMaster(master);
        c.setIfMissing("spark.task.cpus", "1");
        c.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        c.setIfMissing("spark.executor.extraJavaOptions", "-Dorg.bytedeco.javacpp.maxbytes=2G");
        c.setIfMissing("spark.serializer", "org.apache.spark.serializer.JavaSerializer");
        c.setIfMissing("spark.ui.enabled", "false");
        if (master.startsWith("local")) {
            c.setIfMissing("spark.driver.host", "127.0.0.1");
            c.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        return c;
    }

    @Override
    public int slots() {
        return Math.max(1, spark.defaultParallelism() / spark.getConf().getInt("spark.task.cpus", 1));
    }

    /** A finished task: the unit's index in the call and its result, serialized. */
    private record Done(int index, byte[] result) {
    }

    @Override
    public <U, R> List<R> map(List<U> units, Function<U, R> work, TrialExecutor.Listener<U, R> listener) {
        List<String> keys = RemoteUnits.keys(units);
        List<byte[]> results = new ArrayList<>(Collections.nCopies(units.size(), null));
        List<R> out = new ArrayList<>(Collections.nCopies(units.size(), null));
        if (!units.isEmpty()) {
            List<RemoteUnits.Task> tasks = new ArrayList<>();
            List<Object> partitions = new ArrayList<>();
            for (int i = 0; i < units.size(); i++) {
                String fingerprint = units.get(i) instanceof Trial t ? t.fingerprint() : null;
                tasks.add(new RemoteUnits.Task(history.size(), i, keys.get(i), fingerprint, units.size()));
                partitions.add(i);
            }
            BlockingQueue<Done> done = new LinkedBlockingQueue<>();
            spark.setJobDescription("optimlab " + job.value().specFileName() + ": " + tasks.size() + " units");
            SimpleFutureAction<BoxedUnit> action = spark.sc().submitJob(spark.parallelize(tasks, tasks.size()).rdd(),
                    new ComputePartition(job, spark.broadcast(List.copyOf(history))),
                    JavaConverters.asScalaBuffer(partitions).toSeq(), new Collect(done), new Nothing());
            collect(done, action, units, listener, results, out);
        }
        history.add(new RemoteUnits.Call(keys, results));
        return out;
    }

    /** Hands each finished task's result to the listener, as it comes. */
    private static <U, R> void collect(BlockingQueue<Done> done, SimpleFutureAction<BoxedUnit> action, List<U> units,
                                       TrialExecutor.Listener<U, R> listener, List<byte[]> results, List<R> out) {
        GitInfo.State git = GitInfo.current();
        boolean complete = false;
        try {
            for (int n = 0; n < units.size(); n++) {
                Done d = next(done, action);
                @SuppressWarnings("unchecked")
                R r = (R) RemoteUnits.deserialize(d.result());
                if (r instanceof TrialResult t) {
                    // an executor runs this driver's classes but may have no checkout to ask for its commit
                    @SuppressWarnings("unchecked")
                    R stamped = (R) t.withGit(git.commit(), git.dirty());
                    r = stamped;
                }
                listener.finished(0, units.get(d.index()), r);
                results.set(d.index(), d.result());
                out.set(d.index(), r);
            }
            complete = true;
        } finally {
            if (!complete) {
                action.cancel();
            }
        }
    }

    /** The next finished task; a failed job (after Spark's retries) is a {@link RunException}. */
    private static Done next(BlockingQueue<Done> done, SimpleFutureAction<BoxedUnit> action) {
        try {
            while (true) {
                Done d = done.poll(200, TimeUnit.MILLISECONDS);
                if (d != null) {
                    return d;
                }
                if (action.isCompleted() && done.isEmpty()) {
                    try {
                        action.get();
                    } catch (Exception e) {
                        throw new RunException("Spark job failed: " + e.getMessage());
                    }
                    throw new IllegalStateException("the Spark job finished without every trial's result");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunException("interrupted while waiting for Spark");
        }
    }

    @Override
    public void close() {
        spark.stop();
    }

    /** The task: computes the partition's one unit (runs on an executor). */
    private static final class ComputePartition
            extends AbstractFunction1<scala.collection.Iterator<RemoteUnits.Task>, byte[]> implements Serializable {
        private final Broadcast<Job> job;
        private final Broadcast<List<RemoteUnits.Call>> history;

        ComputePartition(Broadcast<Job> job, Broadcast<List<RemoteUnits.Call>> history) {
            this.job = job;
            this.history = history;
        }

        @Override
        public byte[] apply(scala.collection.Iterator<RemoteUnits.Task> partition) {
            return RemoteUnits.compute(job.value(), history.value(), partition.next());
        }
    }

    /** The driver's handler of each finished task (called on Spark's scheduler thread: only queues). */
    private static final class Collect extends AbstractFunction2<Object, byte[], BoxedUnit> {
        private final BlockingQueue<Done> done;

        Collect(BlockingQueue<Done> done) {
            this.done = done;
        }

        @Override
        public BoxedUnit apply(Object partition, byte[] result) {
            done.add(new Done((Integer) partition, result));
            return BoxedUnit.UNIT;
        }
    }

    /** The job's overall result: nothing (every result went through {@link Collect}). */
    private static final class Nothing extends AbstractFunction0<BoxedUnit> {
        @Override
        public BoxedUnit apply() {
            return BoxedUnit.UNIT;
        }
    }
}
