package dev.optimlab.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.DoubleUnaryOperator;

/**
 * Independent references, one per registered optimizer: plain double-precision loops written from
 * the equations in each class's Javadoc (the paper forms, no ND4J), as functions of the
 * hyperparameters so that {@link ReferenceTest} can run them at drawn values. A reference returns
 * the block parameters after every step, the block being consecutive 'f'-ordered tensors of the
 * given shapes {rows, cols} (columns are DL4J's output units, AdamP's channels).
 */
final class References {

    /** A whole optimizer: parameters after each of {@code steps} steps from {@code w0}. */
    @FunctionalInterface
    interface Reference {
        double[][] run(Hp h, int[][] shapes, double[] w0, int steps, BiFunction<double[], Integer, double[]> grad);
    }

    /** An elementwise rule: fills {@code u} (subtracted from w) from g_t and w_{t−1}, t counted from 1. */
    @FunctionalInterface
    interface Rule {
        void step(int t, double[] g, double[] w, double[] u);
    }

    /** Hyperparameters with the registry's defaults filled in. */
    record Hp(Map<String, Double> values) {
        static Hp of(String name, Map<String, Double> drawn) {
            Map<String, Double> m = new LinkedHashMap<>(Optimizers.defaults(name));
            m.putAll(drawn);
            return new Hp(m);
        }

        double get(String key) {
            return values.get(key);
        }
    }

    /** One step of a whole optimizer, in place: w_{t−1} → w_t from g_t, t counted from 1. */
    @FunctionalInterface
    interface Stepper {
        void step(int t, double[] g, double[] w);
    }

    /** An optimizer's reference: its stepper started at {@code w0} over a block of the given shapes. */
    @FunctionalInterface
    interface Model {
        Stepper start(Hp h, int[][] shapes, double[] w0);
    }

    private static final Map<String, Model> MODELS = new LinkedHashMap<>();

    static {
        elementwise("sgd", (h, n) -> (t, g, w, u) -> {
            for (int i = 0; i < n; i++) {
                u[i] = h.get("lr") * g[i];
            }
        });
        elementwise("momentum", (h, n) -> heavyBall(h.get("lr"), h.get("momentum"), n, false));
        elementwise("nesterov", (h, n) -> heavyBall(h.get("lr"), h.get("momentum"), n, true));
        elementwise("adam", (h, n) -> adam(h, n, 0));
        elementwise("adamw", (h, n) -> adam(h, n, h.get("weightDecay")));
        elementwise("adagrad", References::adagrad);
        elementwise("adadelta", References::adadelta);
        elementwise("rmsprop", References::rmsprop);
        elementwise("amsgrad", References::amsgrad);
        elementwise("adamax", References::adamax);
        elementwise("nadam", References::nadam);
        elementwise("adabelief", References::adabelief);
        elementwise("radam", References::radam);
        elementwise("lion", References::lion);
        elementwise("adan", References::adan);
        MODELS.put("prodigy", (h, shapes, w0) -> FrontierReferences.prodigy(h, w0));
        MODELS.put("lamb", (h, shapes, w0) -> LayerwiseReferences.lamb(h, lengths(shapes), w0.length));
        MODELS.put("adamp", (h, shapes, w0) -> LayerwiseReferences.adamp(h, shapes, w0.length));
        MODELS.put("muon", MatrixReferences::muon);
        MODELS.put("shampoo", MatrixReferences::shampoo);
        MODELS.put("schedule-free-adamw", (h, shapes, w0) -> FrontierReferences.scheduleFreeAdamW(h, w0));
        MODELS.put("schedule-free-sgd", (h, shapes, w0) -> FrontierReferences.scheduleFreeSgd(h, w0));
        MODELS.put("lookahead", lookahead(MODELS.get("adam")));
        for (String name : Optimizers.names()) {
            // lookahead-X: X's reference (its hooks included) under explicit slow weights
            if (name.startsWith("lookahead-") && MODELS.containsKey(name.substring("lookahead-".length()))) {
                MODELS.put(name, lookahead(MODELS.get(name.substring("lookahead-".length()))));
            }
        }
    }

    private References() {
    }

    /** The reference of {@code name}, or null when none is written yet. */
    static Reference of(String name) {
        Model model = MODELS.get(name);
        return model == null ? null : (h, shapes, w0, steps, grad) -> drive(model.start(h, shapes, w0), w0, steps, grad);
    }

    /** The parameters after each of {@code steps} steps of {@code stepper} from {@code w0}. */
    static double[][] drive(Stepper stepper, double[] w0, int steps, BiFunction<double[], Integer, double[]> grad) {
        double[] w = w0.clone();
        double[][] out = new double[steps][];
        for (int t = 1; t <= steps; t++) {
            stepper.step(t, grad.apply(w.clone(), t - 1), w);
            out[t - 1] = w.clone();
        }
        return out;
    }

    private static void elementwise(String name, BiFunction<Hp, Integer, Rule> rule) {
        MODELS.put(name, (h, shapes, w0) -> stepper(rule.apply(h, w0.length), w0.length));
    }

    /** w_t = w_{t−1} − u_t under an elementwise rule. */
    static Stepper stepper(Rule rule, int n) {
        double[] u = new double[n];
        return (t, g, w) -> {
            rule.step(t, g, w, u);
            for (int i = 0; i < n; i++) {
                w[i] -= u[i];
            }
        };
    }

    /** The parameters after each step of an elementwise rule. */
    static double[][] apply(Rule rule, double[] w0, int steps, BiFunction<double[], Integer, double[]> grad) {
        return drive(stepper(rule, w0.length), w0, steps, grad);
    }

    static int[] lengths(int[][] shapes) {
        int[] l = new int[shapes.length];
        for (int k = 0; k < shapes.length; k++) {
            l[k] = shapes[k][0] * shapes[k][1];
        }
        return l;
    }

    /** Heavy ball a = μa + g, u = η·a; Nesterov (PyTorch's form) u = η·(g + μ·a). */
    private static Rule heavyBall(double lr, double mu, int n, boolean nesterov) {
        double[] a = new double[n];
        return (t, g, w, u) -> {
            for (int i = 0; i < n; i++) {
                a[i] = mu * a[i] + g[i];
                u[i] = lr * (nesterov ? g[i] + mu * a[i] : a[i]);
            }
        };
    }

    /** Adam, Algorithm 1, plus decoupled decay η·λ·w (AdamW, Loshchilov &amp; Hutter Algorithm 2). */
    static Rule adam(Hp h, int n, double wd) {
        double lr = h.get("lr");
        double b1 = h.get("beta1");
        double b2 = h.get("beta2");
        double eps = h.get("epsilon");
        double[] m = new double[n];
        double[] v = new double[n];
        return (t, g, w, u) -> {
            for (int i = 0; i < n; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                u[i] = lr * mHat / (Math.sqrt(vHat) + eps) + lr * wd * w[i];
            }
        };
    }

    /** Duchi et al.: h_0 = initialAccumulator, h += g², u = η·g/(√h + ε). */
    private static Rule adagrad(Hp h, int n) {
        double[] acc = new double[n];
        java.util.Arrays.fill(acc, h.get("initialAccumulator"));
        return (t, g, w, u) -> {
            for (int i = 0; i < n; i++) {
                acc[i] += g[i] * g[i];
                u[i] = h.get("lr") * g[i] / (Math.sqrt(acc[i]) + h.get("epsilon"));
            }
        };
    }

    /** Zeiler, Algorithm 1, the step multiplied by lr. */
    private static Rule adadelta(Hp h, int n) {
        double rho = h.get("rho");
        double eps = h.get("epsilon");
        double[] eg = new double[n];
        double[] ex = new double[n];
        return (t, g, w, u) -> {
            for (int i = 0; i < n; i++) {
                eg[i] = rho * eg[i] + (1 - rho) * g[i] * g[i];
                double dx = Math.sqrt(ex[i] + eps) / Math.sqrt(eg[i] + eps) * g[i];
                ex[i] = rho * ex[i] + (1 - rho) * dx * dx;
                u[i] = h.get("lr") * dx;
            }
        };
    }

    /** Hinton's lecture 6e: s = ρs + (1 − ρ)g², u = η·g/(√s + ε), s_0 = 0. */
    private static Rule rmsprop(Hp h, int n) {
        double rho = h.get("rho");
        double[] s = new double[n];
        return (t, g, w, u) -> {
            for (int i = 0; i < n; i++) {
                s[i] = rho * s[i] + (1 - rho) * g[i] * g[i];
                u[i] = h.get("lr") * g[i] / (Math.sqrt(s[i]) + h.get("epsilon"));
            }
        };
    }

    /** Reddi et al. with Adam's bias corrections: the running maximum of v. */
    private static Rule amsgrad(Hp h, int n) {
        double b1 = h.get("beta1");
        double b2 = h.get("beta2");
        double[] m = new double[n];
        double[] v = new double[n];
        double[] vMax = new double[n];
        return (t, g, w, u) -> {
            for (int i = 0; i < n; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                vMax[i] = Math.max(vMax[i], v[i]);
                double mHat = m[i] / (1 - Math.pow(b1, t));
                u[i] = h.get("lr") * mHat / (Math.sqrt(vMax[i] / (1 - Math.pow(b2, t))) + h.get("epsilon"));
            }
        };
    }

    /** Kingma &amp; Ba, Algorithm 2 (infinity norm), ε added to the norm. */
    private static Rule adamax(Hp h, int n) {
        double b1 = h.get("beta1");
        double b2 = h.get("beta2");
        double[] m = new double[n];
        double[] norm = new double[n];
        return (t, g, w, u) -> {
            for (int i = 0; i < n; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                norm[i] = Math.max(b2 * norm[i], Math.abs(g[i]));
                u[i] = (h.get("lr") / (1 - Math.pow(b1, t))) * m[i] / (norm[i] + h.get("epsilon"));
            }
        };
    }

    /**
     * Dozat, Algorithm 2, with PyTorch's momentum schedule (torch/optim/nadam.py) when ψ =
     * momentumDecay &gt; 0: μ_t = β1·(1 − ½·0.96^{tψ}), Π_t = μ_1⋯μ_t; ψ = 0 means μ_t ≡ β1,
     * which makes this Dozat's constant-momentum form (Π_t = β1^t).
     */
    private static Rule nadam(Hp h, int n) {
        double b1 = h.get("beta1");
        double b2 = h.get("beta2");
        double psi = h.get("momentumDecay");
        DoubleUnaryOperator mu = t -> psi == 0 ? b1 : b1 * (1 - 0.5 * Math.pow(0.96, t * psi));
        double[] m = new double[n];
        double[] v = new double[n];
        double[] product = {1};
        return (t, g, w, u) -> {
            product[0] *= mu.applyAsDouble(t);
            double productNext = product[0] * mu.applyAsDouble(t + 1);
            for (int i = 0; i < n; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mBar = (1 - mu.applyAsDouble(t)) * g[i] / (1 - product[0])
                        + mu.applyAsDouble(t + 1) * m[i] / (1 - productNext);
                u[i] = h.get("lr") * mBar / (Math.sqrt(v[i] / (1 - Math.pow(b2, t))) + h.get("epsilon"));
            }
        };
    }

    /** Zhuang et al., Algorithm 2: s tracks (g − m)² + ε, both bias-corrected. */
    private static Rule adabelief(Hp h, int n) {
        double b1 = h.get("beta1");
        double b2 = h.get("beta2");
        double eps = h.get("epsilon");
        double[] m = new double[n];
        double[] s = new double[n];
        return (t, g, w, u) -> {
            for (int i = 0; i < n; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                s[i] = b2 * s[i] + (1 - b2) * (g[i] - m[i]) * (g[i] - m[i]) + eps;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double sHat = s[i] / (1 - Math.pow(b2, t));
                u[i] = h.get("lr") * mHat / (Math.sqrt(sHat) + eps);
            }
        };
    }

    /** Liu et al., Algorithm 2, rectified while ρ_t &gt; 5 (reference code), ε-hat form. */
    private static Rule radam(Hp h, int n) {
        double b1 = h.get("beta1");
        double b2 = h.get("beta2");
        double rhoInf = 2 / (1 - b2) - 1;
        double[] m = new double[n];
        double[] v = new double[n];
        return (t, g, w, u) -> {
            double rho = rhoInf - 2 * t * Math.pow(b2, t) / (1 - Math.pow(b2, t));
            for (int i = 0; i < n; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(b1, t));
                if (rho > 5) {
                    double r = Math.sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
                    u[i] = h.get("lr") * r * mHat * Math.sqrt(1 - Math.pow(b2, t)) / (Math.sqrt(v[i]) + h.get("epsilon"));
                } else {
                    u[i] = h.get("lr") * mHat;
                }
            }
        };
    }

    /** Chen et al., Program 1: u = η·(sign(β1·m + (1 − β1)·g) + λ·w), then m = β2·m + (1 − β2)·g. */
    private static Rule lion(Hp h, int n) {
        double b1 = h.get("beta1");
        double b2 = h.get("beta2");
        double[] m = new double[n];
        return (t, g, w, u) -> {
            for (int i = 0; i < n; i++) {
                double c = b1 * m[i] + (1 - b1) * g[i];
                u[i] = h.get("lr") * Math.signum(c) + h.get("lr") * h.get("weightDecay") * w[i];
                m[i] = b2 * m[i] + (1 - b2) * g[i];
            }
        };
    }

    /**
     * Zhang et al., Algorithm 1: the base steps the fast weights (its state kept across
     * synchronisations, as the authors' code does); every k steps slow += α·(fast − slow), fast = slow.
     */
    private static Model lookahead(Model base) {
        return (h, shapes, w0) -> {
            Stepper fast = base.start(h, shapes, w0);
            int k = (int) h.get("k");
            double alpha = h.get("alpha");
            double[] slow = w0.clone();
            return (t, g, w) -> {
                fast.step(t, g, w);
                if (t % k == 0) {
                    for (int i = 0; i < w.length; i++) {
                        slow[i] += alpha * (w[i] - slow[i]);
                        w[i] = slow[i];
                    }
                }
            };
        };
    }

    /** sail-sg/Adan _single_tensor_adan (no_prox = False): proximal decay w /= 1 + ηλ after the step. */
    private static Rule adan(Hp h, int n) {
        double lr = h.get("lr");
        double b1 = h.get("beta1");
        double b2 = h.get("beta2");
        double b3 = h.get("beta3");
        double wd = h.get("weightDecay");
        double[] m = new double[n];
        double[] d = new double[n];
        double[] nu = new double[n];
        double[] prev = new double[n];
        return (t, g, w, u) -> {
            for (int i = 0; i < n; i++) {
                double diff = t == 1 ? 0 : g[i] - prev[i];
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                d[i] = b2 * d[i] + (1 - b2) * diff;
                double z = b2 * diff + g[i];
                nu[i] = b3 * nu[i] + (1 - b3) * z * z;
                double denom = Math.sqrt(nu[i]) / Math.sqrt(1 - Math.pow(b3, t)) + h.get("epsilon");
                double y = w[i] - lr / (1 - Math.pow(b1, t)) * m[i] / denom - lr * b2 / (1 - Math.pow(b2, t)) * d[i] / denom;
                u[i] = w[i] - y / (1 + lr * wd);
                prev[i] = g[i];
            }
        };
    }
}
