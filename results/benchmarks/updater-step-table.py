#!/usr/bin/env python3
"""Turns the JMH JSON of UpdaterStepBenchmark into the markdown tables of updater-step.md."""
import json, sys, collections
runs = json.load(open(sys.argv[1]))
res = {}
for r in runs:
    p = r['params']; m = r['primaryMetric']
    res[(p['arm'], int(p['n']))] = (m['score'], m['scoreError'])
slots = dict(sgd=0, momentum=1, nesterov=1, adagrad=1, rmsprop=1, adadelta=2, adam=2, adamax=2, nadam=2, adabelief=2, amsgrad=3)
order = ['sgd','momentum','nesterov','adagrad','adadelta','rmsprop','adam','amsgrad','adamax','nadam','adabelief']
out = []
for n in sorted({k[1] for k in res}):
    out.append(f"\n### n = {n:,} float32 parameters\n")
    out.append("Bandwidth baselines (12 bytes moved per element: read 2 arrays, write 1):\n")
    out.append("| baseline | ms/op (± 99.9% CI) | GB/s |")
    out.append("|---|---:|---:|")
    bw = 0
    for b in ['triad/java', 'triad/tiles', 'axpy/blas']:
        if (b, n) in res:
            s, e = res[(b, n)]
            g = 12 * n / (s * 1e-3) / 1e9
            bw = max(bw, g)
            out.append(f"| {b} | {s:.3f} ± {e:.3f} | {g:.1f} |")
    out.append(f"\nReference bandwidth B = {bw:.1f} GB/s (the fastest baseline).\n")
    out.append("| optimizer | bytes/param | OptimLab ms/op | DL4J ms/op | ratio OptimLab/DL4J | OptimLab GB/s | % of B |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    for name in order:
        o = res.get((name + '/optimlab', n)); d = res.get((name + '/dl4j', n))
        bytes_ = 4 * (2 + 2 * slots[name])
        if o is None: continue
        g = bytes_ * n / (o[0] * 1e-3) / 1e9
        ds = f"{d[0]:.3f} ± {d[1]:.3f}" if d else "– (no twin)"
        ratio = f"{o[0] / d[0]:.2f}" if d else "–"
        out.append(f"| {name} | {bytes_} | {o[0]:.3f} ± {o[1]:.3f} | {ds} | {ratio} | {g:.1f} | {100 * g / bw:.0f}% |")
print('\n'.join(out))
