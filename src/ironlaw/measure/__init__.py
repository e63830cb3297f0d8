"""Measurement: characterize this machine, benchmark real models, calibrate, validate.

Calibrate only from micro-benchmarks and datasheets; end-to-end timings are validation data,
never inputs (design.md §5).

Modules:
    env        the environment of a run: CPU, cores, caches, threads, clocks, library versions
    probe      micro-benchmarks: GEMM by dtype and size, STREAM bandwidth over working sets,
               pointer-chase latency, framework dispatch overhead
    profile    raw probe measurements -> the measured host profile (a catalog file, device 'host')
    store      the results store (DuckDB): every run with its environment, exportable
    energy     energy from real counters (RAPL powercap, NVML), or "unavailable"
    bench      MLPerf-style scenarios on real models (SingleStream, Offline, Server)
    calibrate  efficiency parameters fitted from micro-benchmarks only
    validate   predictions against end-to-end measurements (errors reported, never fitted)
"""
