"""The GitHub workflows: valid against GitHub's workflow schema, and doing what the README says.

The schema is the one check-jsonschema vendors (``--builtin-schema
vendor.github-workflows``), so this runs offline.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github" / "workflows"
TESTS, DEPLOY = WORKFLOWS / "tests.yml", WORKFLOWS / "deploy.yml"


def load(path):
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def steps(job):
    return job.get("steps", [])


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.y*ml")), ids=lambda path: path.name)
def test_workflow_validates_against_the_github_schema(path):
    try:
        import check_jsonschema  # noqa: F401
    except ImportError:
        pytest.fail("check-jsonschema is missing: `make setup` installs requirements.txt", pytrace=False)
    completed = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_both_workflows_exist():
    assert TESTS.is_file() and DEPLOY.is_file()


def test_tests_workflow_runs_the_readme_command_with_chromium_required():
    workflow = load(TESTS)
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    assert job.get("env", {}).get("ONE_NEURON_REQUIRE_BROWSER") == "1"
    assert any(".ci/run" in step.get("run", "") for step in steps(job))
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "chromium" in ci and "ONE_NEURON_REQUIRE_BROWSER=1" in ci and "make test" in ci


def test_deploy_workflow_publishes_to_pages_with_least_privilege():
    workflow = load(DEPLOY)
    triggers = workflow["on"]
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["group"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "permissions" not in build
    assert any(step.get("run", "").strip() == "make book" for step in steps(build))
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact@") for step in steps(build))
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in steps(deploy)] == ["actions/deploy-pages"]


def test_deploy_points_the_book_at_the_repository_it_runs_in(tmp_path):
    """Run the workflow's own step on a copy of _config.yml: repository.url changes, nothing else."""
    (step,) = [step for step in steps(load(DEPLOY)["jobs"]["build"]) if step.get("id") == "repository-url"]
    assert step["env"]["REPOSITORY_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    shutil.copy(REPO / "_config.yml", tmp_path / "_config.yml")
    fork = "https://github.com/someone/a-fork"
    subprocess.run(["bash", "-c", step["run"]], cwd=tmp_path, check=True, capture_output=True,
                   env={**os.environ, "REPOSITORY_URL": fork})
    before = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    after = yaml.safe_load((tmp_path / "_config.yml").read_text(encoding="utf-8"))
    assert after["repository"]["url"] == fork
    before["repository"]["url"] = fork
    assert after == before
