"""Reading our own YAML files (knowledge/*.yml, domain.yml) with libyaml's C parser.

PyYAML's pure-Python parser took a third of the time to load the model (4.3 of 12.9
s): the lists in knowledge/ are long (knowledge/urgent.yml alone took 0.5 s to parse,
and four components read it), and every server, replica and test that loads a model
parses them again (docs/performance.md, session 59). libyaml parses the same files about
13 times faster into the same data (tests/test_yaml_files.py compares every file).
PyYAML is built with it on the platforms we install on; without it, the Python
parser reads the files as before.
"""
from typing import IO, Any, Union

import yaml

# libyaml's safe loader when PyYAML was built with it, else the Python one: both read
# only plain YAML (no Python objects).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(stream: Union[str, bytes, IO]) -> Any:
    """`yaml.safe_load`, with libyaml's parser when there is one."""
    return yaml.load(stream, Loader=SAFE_LOADER)
