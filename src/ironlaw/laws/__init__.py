"""The invariants as pure, vectorized functions of SI floats (design.md §3).

iron        Iron Law: T = D/BW + O/(R·η) + L, additive and overlapped
roofline    I = O/D, P = min(R, I·BW), ridge R/BW, one roof per memory level
speedup     Amdahl, Gustafson, universal scalability law
gravity     transfer time, crossover size, egress cost, ship vs send, fiber latency
energy      E = Σ O·e_op + Σ D·e_byte from a technology table with provenance
queueing    Little, M/M/1, M/M/c (Erlang C), M/D/1, batch forming
scaling     6PD, 2P per token, compute-optimal tokens, time to train

This package imports nothing from the layers above it.
"""
