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
import dev.optimlab.run.TrialStore;

/**
 * {@code --spark MASTER}: one Spark job per run, one task (partition) per missing trial. Each task
 * trains its trial on an executor ({@link RemoteTrials}) and returns the trial file's text; the
 * driver gets each result as its task finishes (SparkContext.submitJob's result handler), and
 * hands it to the run's listener on the caller's thread, which writes it exactly as a local run
 * does. A run killed half-way keeps every trial written so far; Spark retries a failed task
 * ({@code spark.task.maxFailures}), and since a task's result depends only on its trial, a retry
 * returns the same numbers.
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
    private final Job job;

    SparkEngine(SparkConf conf, Job job) {
        this.spark = new JavaSparkContext(conf);
        this.job = job;
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

    /** A finished task: the trial's index in the run's list and its trial file's text. */
    private record Done(int index, String json) {
    }

    @Override
    public List<TrialResult> train(List<Trial> trials, Function<Trial, TrialResult> local,
                                   TrialExecutor.Listener<Trial, TrialResult> listener) {
        if (trials.isEmpty()) {
            return List.of();
        }
        List<RemoteTrials.Task> tasks = trials.stream()
                .map(t -> new RemoteTrials.Task(job, t.id(), t.fingerprint())).toList();
        List<Object> partitions = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            partitions.add(i);
        }
        BlockingQueue<Done> done = new LinkedBlockingQueue<>();
        spark.setJobDescription("optimlab " + job.specFileName() + ": " + tasks.size() + " trials");
        SimpleFutureAction<BoxedUnit> action = spark.sc().submitJob(spark.parallelize(tasks, tasks.size()).rdd(),
                new TrainPartition(), JavaConverters.asScalaBuffer(partitions).toSeq(), new Collect(done), new Nothing());
        List<TrialResult> out = new ArrayList<>(Collections.nCopies(trials.size(), null));
        GitInfo.State git = GitInfo.current();
        boolean complete = false;
        try {
            for (int n = 0; n < trials.size(); n++) {
                Done d = next(done, action);
                TrialResult r = TrialStore.fromJson(d.json()).withGit(git.commit(), git.dirty());
                listener.finished(0, trials.get(d.index()), r);
                out.set(d.index(), r);
            }
            complete = true;
        } finally {
            if (!complete) {
                action.cancel();
            }
        }
        return out;
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

    /** The task: trains the partition's one trial (runs on an executor). */
    private static final class TrainPartition extends AbstractFunction1<scala.collection.Iterator<RemoteTrials.Task>, String>
            implements Serializable {
        @Override
        public String apply(scala.collection.Iterator<RemoteTrials.Task> partition) {
            return RemoteTrials.train(partition.next());
        }
    }

    /** The driver's handler of each finished task (called on Spark's scheduler thread: only queues). */
    private static final class Collect extends AbstractFunction2<Object, String, BoxedUnit> {
        private final BlockingQueue<Done> done;

        Collect(BlockingQueue<Done> done) {
            this.done = done;
        }

        @Override
        public BoxedUnit apply(Object partition, String json) {
            done.add(new Done((Integer) partition, json));
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
