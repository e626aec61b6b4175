#!/usr/bin/env python3
"""Compile cost of the generator: how long the compiler takes for the 2,000-type project
(QomSharp.Benchmarks.DynTypes, written by gen_types.py) with the generator and without it.

Both variants are compiled by the warm compiler server (VBCSCompiler, which `dotnet build` uses),
alternately, after touching the project's source so that the compiler runs; the figure is the
time MSBuild reports for its Csc task. Without the generator the same sources compile as plain C#
(the attributes are ordinary ones) into their own folders (obj/Release/without-generator/).

    python3 benchmarks/compile_cost.py            # 7 runs of each, about 5 minutes
    python3 benchmarks/compile_cost.py --runs 3
"""
import argparse
import pathlib
import re
import statistics
import subprocess
import sys

here = pathlib.Path(__file__).resolve().parent
project = here / "QomSharp.Benchmarks.DynTypes"
source = project / "DynTypes.cs"
variants = {"with generator": "false", "without generator": "true"}


def msbuild(without_generator, target):
    command = ["dotnet", "msbuild", str(project), "-nologo", "-v:m", "-clp:PerformanceSummary",
               "-t:" + target, "-p:Configuration=Release", "-p:BuildProjectReferences=false",
               "-p:QomWithoutGenerator=" + without_generator]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(result.stdout + result.stderr)
    return result.stdout


def compile_once(without_generator):
    source.touch()
    output = msbuild(without_generator, "Compile")
    match = re.search(r"^\s*(\d+) ms\s+Csc\s", output, re.MULTILINE)
    if match is None:
        sys.exit("the compiler did not run:\n" + output)
    return int(match.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs

    # Builds the references (runtime, generator, workload universe) once and warms the compiler
    # server with each variant; none of this is timed.
    subprocess.run(["dotnet", "build", str(project), "-c", "Release", "-nologo", "-v:q"], check=True)
    for flag in variants.values():
        compile_once(flag)

    times = {name: [] for name in variants}
    for _ in range(runs):
        for name, flag in variants.items():
            times[name].append(compile_once(flag))

    for name, values in times.items():
        print(f"{name}: median {statistics.median(values)} ms  (runs: {', '.join(map(str, values))})")
    ratio = statistics.median(times["with generator"]) / statistics.median(times["without generator"])
    print(f"ratio: {ratio:.2f}x")

    # Leaves the project's usual output built with the generator, as the benchmarks expect.
    source.touch()
    msbuild("false", "Build")


if __name__ == "__main__":
    main()
