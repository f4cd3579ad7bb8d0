package dev.optimlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.junit.jupiter.api.Test;

/**
 * Which layers AdamP may split into output units: those whose weights are nOut consecutive
 * unit segments; for the others (recurrent, deconvolution) it must fall back to the layer view.
 */
class AdamPUnitsTest {

    @Test
    void unitMajorLayersGiveTheirOutputCountOthersZero() {
        assertEquals(7, AdamPProbe.unitsOf(new DenseLayer.Builder().nIn(3).nOut(7).build()));
        assertEquals(5, AdamPProbe.unitsOf(new OutputLayer.Builder().nIn(3).nOut(5).build()));
        assertEquals(4, AdamPProbe.unitsOf(new ConvolutionLayer.Builder(2, 2).nIn(1).nOut(4).build()));
        assertEquals(6, AdamPProbe.unitsOf(new Convolution1DLayer.Builder().kernelSize(2).nIn(1).nOut(6).build()));
        assertEquals(0, AdamPProbe.unitsOf(new LSTM.Builder().nIn(3).nOut(4).build()));
        assertEquals(0, AdamPProbe.unitsOf(new Deconvolution2D.Builder(2, 2).nIn(1).nOut(4).build()));
        assertEquals(0, AdamPProbe.unitsOf(new SubsamplingLayer.Builder(2, 2).build()));
        // forLayer carries the count into the hook that AdamPProjection reads
        AdamPProbe p = new AdamPProbe(0.1, 1e-8).forLayer(new DenseLayer.Builder().nIn(3).nOut(7).build());
        assertEquals(new AdamPProbe(0.1, 1e-8, 7), p);
    }
}
