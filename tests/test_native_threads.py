"""The assistant's start point gives OpenBLAS and OpenMP one thread each: their idle
helper threads otherwise spin on a second core (assistant/runtime/native_threads.py)."""
import json
import os
import subprocess
import sys

from assistant.runtime import native_threads

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Imports the start point as `python -m assistant` does (without running Rasa), then
# asks threadpoolctl how many threads each loaded native library will use.
PROBE = """
import json, importlib
importlib.import_module("assistant.__main__")
import scipy.linalg  # SciPy brings its own OpenBLAS, loaded later in a real start
from threadpoolctl import threadpool_info
print(json.dumps([(i["internal_api"], i["num_threads"]) for i in threadpool_info()]))
"""


def libraries(env):
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def clean_env():
    return {k: v for k, v in os.environ.items() if k not in native_threads.VARIABLES}


def test_the_start_point_gives_every_blas_and_openmp_library_one_thread():
    found = libraries(clean_env())
    assert any(api == "openblas" for api, _ in found), found
    assert all(threads == 1 for _, threads in found), found


def test_an_operator_setting_wins():
    found = libraries(dict(clean_env(), OPENBLAS_NUM_THREADS="2"))
    assert all(threads == 2 for api, threads in found if api == "openblas"), found


def test_limit_sets_only_what_is_unset(monkeypatch):
    for name in native_threads.VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "4")
    native_threads.limit()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    assert os.environ["MKL_NUM_THREADS"] == "1"
    assert os.environ["OMP_NUM_THREADS"] == "4"
