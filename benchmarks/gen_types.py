#!/usr/bin/env python3
"""Writes the benchmark's repetitive type declarations: the workload's 200 filler types and the
2,000 W8 types, once for QomSharp and once for the naive reflection baseline. Run after changing
the counts or the declaration shape; the outputs are checked in."""
import pathlib

here = pathlib.Path(__file__).parent
header = "// Written by benchmarks/gen_types.py; edit that script, not this file.\n"

def write(path, lines):
    (here / path).write_text(header + "\n".join(lines) + "\n")

write("QomSharp.Benchmarks.Universe/QomSharp/Fillers.cs",
      ["namespace QomSharp.Benchmarks.Universe;", ""] +
      [f'[QomType("filler-{i:03}")] public sealed partial class Filler{i:03} : BenchPciDevice;' for i in range(200)])
write("QomSharp.Benchmarks.Universe/Naive/NaiveFillers.cs",
      ["namespace QomSharp.Benchmarks.Universe.Naive;", ""] +
      [f'[NaiveType("filler-{i:03}")] public sealed class NaiveFiller{i:03} : NaivePciDevice;' for i in range(200)])
write("QomSharp.Benchmarks.DynTypes/DynTypes.cs",
      ["using QomSharp.Benchmarks.Universe;", "", "namespace QomSharp.Benchmarks.DynTypes;", ""] +
      [f'[QomType("dyn-{i:04}")] public sealed partial class Dyn{i:04} : BenchPciDevice;' for i in range(2000)])
write("QomSharp.Benchmarks.NaiveDynTypes/NaiveDynTypes.cs",
      ["using QomSharp.Benchmarks.Universe.Naive;", "", "namespace QomSharp.Benchmarks.NaiveDynTypes;", ""] +
      [f'[NaiveType("dyn-{i:04}")] public sealed class NaiveDyn{i:04} : NaivePciDevice;' for i in range(2000)])
