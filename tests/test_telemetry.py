"""The assistant's start point turns Rasa's telemetry and crash reports off, even where
Rasa's own settings file has them on (assistant/runtime/telemetry.py)."""
import os
import subprocess
import sys

from assistant.runtime import telemetry

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rasa_says(env, home):
    """What `python -m assistant telemetry` (Rasa's own status command) says."""
    env = dict(env, HOME=str(home))
    result = subprocess.run([sys.executable, "-m", "assistant", "telemetry"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=300, check=True)
    return result.stdout


def home_with_telemetry_on(tmp_path):
    # As Rasa's first run leaves it.
    config = tmp_path / ".config" / "rasa"
    config.mkdir(parents=True)
    (config / "global.yml").write_text(
        "metrics:\n  enabled: true\n  rasa_user_id: 0123456789abcdef\n"
        "  date: 2026-12-04 00:00:00\n")
    return tmp_path


def clean_env():
    return {k: v for k, v in os.environ.items() if k != telemetry.VARIABLE}


def test_the_start_point_turns_telemetry_off(tmp_path):
    said = rasa_says(clean_env(), home_with_telemetry_on(tmp_path))
    assert "currently disabled" in said, said


def test_an_operator_setting_wins(tmp_path):
    said = rasa_says(dict(clean_env(), **{telemetry.VARIABLE: "true"}),
                     home_with_telemetry_on(tmp_path))
    assert "currently enabled" in said, said
