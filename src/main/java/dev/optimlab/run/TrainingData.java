package dev.optimlab.run;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

import dev.optimlab.problem.ProblemData;

/** The problem's data as DL4J data sets in the network's data type, converted once per run. */
public record TrainingData(DataSet train, DataSet validation, DataSet test, ProblemData source) {

    public static TrainingData of(ProblemData data, DataType dtype) {
        return new TrainingData(data.train().toDataSet(dtype), data.validation().toDataSet(dtype),
                data.test().toDataSet(dtype), data);
    }
}
