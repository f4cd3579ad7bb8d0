package dev.optimlab.experiment.convolution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.optimlab.data.Datasets;
import dev.optimlab.optim.Optimizers;
import dev.optimlab.optim.Variant;
import dev.optimlab.problem.DataSource;
import dev.optimlab.problem.Mlp;
import dev.optimlab.experiment.SpecHeader;
import dev.optimlab.experiment.comparison.ComparisonParser;
import dev.optimlab.experiment.SpecNode;
import dev.optimlab.experiment.SpecParser;

/**
 * A validated {@code kind: convolution} spec: on each image data set, multilayer perceptrons
 * (one family) and convolutional networks (the other) of several sizes, all trained with one
 * optimizer whose learning rate is picked from {@code learningRates} the same way for every model
 * (best final validation accuracy at {@code tuningSeed}), then re-run at the picked rate over
 * {@code seeds}.
 *
 * @param example the concrete layer of the per-layer table: a 3×3 convolution C_in → C_out on an H×W input
 */
public record ConvolutionSpec(String name, String title, String description, List<DataSet> datasets, String optimizer,
                              List<Double> learningRates, long tuningSeed, List<Long> seeds, LayerExample example,
                              String source, String text) implements SpecHeader.Described {

    public static final String MLP = "mlp";
    public static final String CNN = "cnn";

    /** One data set with its training budget and the models trained on it. */
    public record DataSet(DataSource data, int epochs, int batchSize, List<Model> models) {
    }

    /**
     * One network: {@code family} is {@code mlp} (dense hidden layers of {@code sizes}) or
     * {@code cnn} (convolution blocks of {@code sizes} channels, then the output layer).
     */
    public record Model(String family, List<Integer> sizes, Mlp network) {

        public String label() {
            return family + "-" + String.join("-", sizes.stream().map(String::valueOf).toList());
        }
    }

    public record LayerExample(int height, int width, int channelsIn, int channelsOut) {
    }

    public static ConvolutionSpec parse(SpecNode root, String file, String text) {
        SpecHeader header = SpecHeader.parse(root, file, text);
        String activation = root.choice("activation", "relu", SpecParser.ACTIVATIONS);
        String optimizer = root.choice("optimizer", "adam", new ArrayList<>(Optimizers.names()));
        List<Double> lrs = learningRates(root.required("learningRates"), optimizer);
        long tuningSeed = root.required("tuningSeed").integer();
        List<Long> seeds = SpecHeader.seeds(root);
        List<DataSet> datasets = new ArrayList<>();
        for (SpecNode d : root.required("datasets").list()) {
            datasets.add(dataSet(d, activation));
        }
        if (datasets.isEmpty()) {
            throw root.get("datasets").error("needs at least one data set");
        }
        SpecNode e = root.required("layerExample");
        LayerExample example = new LayerExample(e.integer("height", 28, 1, 4096), e.integer("width", 28, 1, 4096),
                e.integer("channelsIn", 8, 1, 4096), e.integer("channelsOut", 16, 1, 4096));
        e.rejectUnknownKeys();
        root.rejectUnknownKeys();
        return new ConvolutionSpec(header.name(), header.title(), header.description(), datasets, optimizer, lrs, tuningSeed, seeds, example, file, text);
    }

    private static DataSet dataSet(SpecNode d, String activation) {
        SpecNode dataNode = d.required("data");
        DataSource data = ComparisonParser.data(dataNode);
        if (Datasets.imageShape(data.source()) == null) {
            throw dataNode.get("source").error("convolutions need image data; allowed sources: mnist, fashion-mnist, digits");
        }
        int epochs = d.integer("epochs", 10, 1, 100_000);
        int batchSize = d.integer("batchSize", 32, 1, 1_000_000);
        List<Model> models = new ArrayList<>();
        for (String family : List.of(MLP, CNN)) {
            List<SpecNode> entries = d.required(family).list();
            if (entries.isEmpty()) {
                throw d.get(family).error("needs at least one model (the verdict compares the two families)");
            }
            for (SpecNode m : entries) {
                models.add(model(m, family, activation));
            }
        }
        d.rejectUnknownKeys();
        return new DataSet(data, epochs, batchSize, models);
    }

    private static Model model(SpecNode m, String family, String activation) {
        List<Integer> sizes = new ArrayList<>();
        int max = family.equals(MLP) ? 100_000 : 4096;
        for (SpecNode s : m.list()) {
            long v = s.integer();
            if (v < 1 || v > max) {
                throw s.error((family.equals(MLP) ? "hidden width" : "convolution channels") + " must be in [1, " + max
                        + "], got " + v);
            }
            sizes.add((int) v);
        }
        if (sizes.isEmpty()) {
            throw m.error("needs at least one layer size");
        }
        Mlp net = family.equals(MLP) ? new Mlp(List.of(), sizes, activation, "float")
                : new Mlp(sizes, List.of(), activation, "float");
        return new Model(family, sizes, net);
    }

    private static List<Double> learningRates(SpecNode list, String optimizer) {
        List<Double> lrs = new ArrayList<>();
        for (SpecNode n : list.list()) {
            double lr = n.number();
            try {
                Optimizers.optimizer(optimizer, Map.of("lr", lr), Variant.PAPER);
            } catch (IllegalArgumentException ex) {
                throw n.error(ex.getMessage());
            }
            if (lrs.contains(lr)) {
                throw n.error("duplicate learning rate " + lr);
            }
            lrs.add(lr);
        }
        if (lrs.isEmpty()) {
            throw list.error("needs at least one learning rate");
        }
        return lrs;
    }
}
