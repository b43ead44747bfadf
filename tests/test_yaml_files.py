"""Our YAML files read with libyaml's parser (assistant/yaml_files.py) give the same
data as PyYAML's Python parser, which read them until session 59."""
from pathlib import Path

import pytest
import yaml

from assistant import yaml_files

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted([*ROOT.glob("knowledge/*.yml"), *ROOT.glob("data/*.yml"), ROOT / "domain.yml",
                ROOT / "config.yml", ROOT / "endpoints.yml", ROOT / "credentials.yml"])


def test_the_c_parser_is_the_one_used():
    # PyYAML's wheels carry libyaml; without it the speed-up (docs/performance.md,
    # session 59) would be gone without a word.
    assert yaml.__with_libyaml__
    assert yaml_files.SAFE_LOADER is yaml.CSafeLoader


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_reads_the_same_as_with_the_python_parser(path):
    text = path.read_text(encoding="utf-8")
    assert yaml_files.safe_load(text) == yaml.safe_load(text)
    with open(path, encoding="utf-8") as f:
        assert yaml_files.safe_load(f) == yaml.safe_load(text)


def test_it_reads_only_plain_yaml():
    with pytest.raises(yaml.YAMLError):
        yaml_files.safe_load("!!python/object/apply:os.system ['true']")
