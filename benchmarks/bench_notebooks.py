"""Wall time of strict nbval, per notebook (kernel start included) and for the whole suite.

One pytest session runs every notebook; its JUnit report gives each cell's
time (the first cell's includes starting the kernel), summed per notebook.
Then each notebook runs alone in a fresh pytest process, which adds pytest's
own start-up. Targets: every notebook under 10 s, the suite under 60 s.
Prints a table; asserts nothing.
"""

import collections
import pathlib
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree

NOTEBOOKS = sorted((pathlib.Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def run_nbval(paths, junit=None):
    command = [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env", "-q", "-p", "no:cacheprovider",
               "-o", "addopts=", "-o", "junit_duration_report=total", *map(str, paths)]
    if junit:
        command.append(f"--junitxml={junit}")
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, "passed" if result.returncode == 0 else "FAILED"


def per_notebook_seconds(junit):
    seconds = collections.Counter()
    for case in ElementTree.parse(junit).iter("testcase"):
        notebook = re.search(r"\d\d_\w+\.ipynb", case.get("classname")).group()
        seconds[notebook] += float(case.get("time"))
    return seconds


def main():
    with tempfile.TemporaryDirectory() as folder:
        junit = pathlib.Path(folder) / "nbval.xml"
        suite_seconds, suite_status = run_nbval(NOTEBOOKS, junit)
        in_suite = per_notebook_seconds(junit)
    print("strict nbval wall time, seconds")
    print(f"{'notebook':<34} {'in the suite':>13} {'alone':>7}")
    for path in NOTEBOOKS:
        alone, status = run_nbval([path])
        print(f"{path.name:<34} {in_suite.get(path.name, float('nan')):>13.1f} {alone:>7.1f}  {status}")
    print(f"{'whole suite (one pytest run)':<34} {suite_seconds:>13.1f} {'':>7}  {suite_status}")
    print("in the suite: kernel start and cells; alone: also a new Python and pytest start-up")


if __name__ == "__main__":
    main()
