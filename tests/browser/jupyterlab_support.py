"""JupyterLab from the project's environment, as a reader runs it, for the real-client tests and `make bench`.

``running_jupyterlab(notebooks)`` copies the notebooks folder (nnlib with it)
into a temporary folder, so that Run All in a test never touches the
repository, and starts ``jupyter lab`` from the venv on 127.0.0.1 with a
temporary HOME, a token, and user settings that make it testable:

- ``windowingMode: none``: JupyterLab 4 otherwise renders only the cells in view;
- no autosave, no news or update checks (this machine has no internet).

The functions below drive it the way a reader does: open a chapter, run all
cells from the Run menu, press keys on a slider.
"""

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"

USER_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}

# The text of every rendered Markdown cell (jupyterlab-myst renders each as a
# .myst element) without its typeset math, whose KaTeX markup repeats the TeX.
# ``prose`` also leaves out code, where names and code belong.
MARKDOWN_TEXTS = """() => Array.from(document.querySelectorAll('.jp-Notebook .jp-MarkdownCell')).map(cell => {
    const rendered = cell.querySelector('.myst');
    if (!rendered) return null;
    const copy = rendered.cloneNode(true);
    copy.querySelectorAll('.katex, math, annotation').forEach(e => e.remove());
    const all = copy.textContent;
    copy.querySelectorAll('code, pre').forEach(e => e.remove());
    return {all: all, prose: copy.textContent};
})"""


@dataclass
class JupyterLab:
    url: str
    token: str
    root: Path

    def chapter_url(self, name):
        # ?reset: a fresh workspace, so that no earlier tab is restored
        return f"{self.url}/lab/tree/{name}?reset&token={self.token}"


def jupyter_command():
    """Return the venv's ``jupyter`` (beside the running Python), or None."""
    path = Path(sys.executable).with_name("jupyter")
    return path if path.exists() else None


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_jupyterlab(notebooks=NOTEBOOKS, timeout=120):
    """Start JupyterLab on a copy of ``notebooks``; yield a ``JupyterLab``; stop it."""
    jupyter = jupyter_command()
    if jupyter is None:
        raise RuntimeError("jupyter is not installed in this environment: `make setup` installs it")
    with tempfile.TemporaryDirectory(prefix="one-neuron-lab-") as temporary:
        temporary = Path(temporary)
        root = temporary / "notebooks"
        shutil.copytree(notebooks, root, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        settings = temporary / "settings"
        for name, values in USER_SETTINGS.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values), encoding="utf-8")
        home = temporary / "home"
        home.mkdir()
        port, token = _free_port(), secrets.token_hex(16)
        environment = {
            **os.environ,
            "HOME": str(home),
            "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        }
        log = (temporary / "jupyterlab.log").open("w")
        process = subprocess.Popen(
            [str(jupyter), "lab", "--no-browser", "--allow-root",
             "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
             f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
             f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={temporary / 'workspaces'}"],
            cwd=root, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"jupyter lab exited with {process.returncode}:\n"
                                       + (temporary / "jupyterlab.log").read_text(errors="replace")[-3000:])
                try:
                    with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"jupyter lab did not answer within {timeout} s")
                    time.sleep(0.25)
            yield JupyterLab(url=url, token=token, root=root)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


def open_chapter(page, lab, name, timeout=90_000):
    """Open chapter ``name`` and wait until every Markdown cell is rendered; return their texts."""
    page.goto(lab.chapter_url(name))
    page.wait_for_function(
        """() => {
            const cells = document.querySelectorAll('.jp-Notebook .jp-MarkdownCell');
            return cells.length > 0 && Array.from(cells).every(c => c.querySelector('.myst'));
        }""",
        timeout=timeout,
    )
    return page.evaluate(MARKDOWN_TEXTS)


def run_all_cells(page, timeout=180_000):
    """Run > Run All Cells, as a reader does, and wait until the kernel is idle again."""
    page.locator(".jp-Notebook").first.click(position={"x": 5, "y": 5})
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    # A queued or running cell shows [*]; when none does, every cell has run.
    busy = """() => Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputPrompt'))
                     .some(p => p.textContent.includes('*'))"""
    page.wait_for_function(busy, timeout=timeout)
    page.wait_for_function(f"() => !({busy})()", timeout=timeout)


def slider_handle(page, label):
    """Return the keyboard handle of the ipywidgets slider labelled ``label``."""
    slider = page.locator(".widget-slider").filter(has=page.locator("label.widget-label", has_text=label))
    return slider.locator(".noUi-handle")


# In the page: time from each key press to the next new src of the figure's image.
WATCH_FIGURE = """(selector) => {
    const image = document.querySelector(selector);
    window.__figureTimes = [];
    window.__keyTime = null;
    document.addEventListener('keydown', () => { window.__keyTime = performance.now(); }, true);
    new MutationObserver(() => {
        if (window.__keyTime !== null) {
            window.__figureTimes.push(performance.now() - window.__keyTime);
            window.__keyTime = null;
        }
    }).observe(image, {attributes: true, attributeFilter: ['src']});
}"""
