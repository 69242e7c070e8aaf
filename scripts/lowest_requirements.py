"""Print pins to the lowest version every requirement allows, for `make test-lowest`.

Reads requirements.txt and pyproject.toml's dependencies; a package named in both must have
the same lower bound (a test checks it), so each lower bound is a promise `make test-lowest` keeps.
"""

import re
import sys
import tomllib

REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9_.\-\[\]]+)\s*(?:==|>=)\s*([0-9][^,;\s]*)")


def lower_bounds(lines):
    """{package: its lowest allowed version} for each requirement with an == or >= bound."""
    bounds = {}
    for line in lines:
        match = REQUIREMENT.match(line.split("#")[0])
        if match:
            bounds[match.group(1).split("[")[0].lower()] = match.group(2)
    return bounds


def project_lower_bounds(pyproject):
    project = tomllib.loads(pyproject)["project"]
    extras = [requirement for group in project.get("optional-dependencies", {}).values() for requirement in group]
    return lower_bounds([*project["dependencies"], *extras])


if __name__ == "__main__":
    requirements_path, pyproject_path = sys.argv[1:]
    with open(requirements_path) as requirements, open(pyproject_path) as pyproject:
        bounds = {**project_lower_bounds(pyproject.read()), **lower_bounds(requirements)}
    print("\n".join(f"{name}=={version}" for name, version in sorted(bounds.items())))
