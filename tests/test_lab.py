"""The classroom lab without a browser: the state, the views, and the widget driven through its own API."""
import importlib.util
import os
import runpy
import time

import numpy as np
import pytest

from scratchgan import backend, checkpoint, metrics, train
from scratchgan.lab import DiracLab, LabState, drawn_dataset
from scratchgan.lab_views import LineView, PlaneView

SMALL = dict(batch_size=64, hidden=16, d_hidden=16)


def params(model):
    return {k: backend.to_numpy(v).copy() for k, v in model.params.items()}


def same(a, b):
    return all(np.array_equal(a[k], b[k]) for k in a)


@pytest.fixture
def state():
    return LabState(**SMALL)


# -- the state -------------------------------------------------------------------------
def test_each_step_moves_only_its_player(state):
    G0, D0 = params(state.gan.G), params(state.gan.D)
    state.d_step()
    assert same(params(state.gan.G), G0) and not same(params(state.gan.D), D0)
    D1 = params(state.gan.D)
    state.g_step()
    assert not same(params(state.gan.G), G0) and same(params(state.gan.D), D1)
    assert (state.d_updates, state.g_updates) == (1, 1)


def test_full_step_is_k_d_steps_then_one_g_step(state):
    state.set(k=3)
    state.full_step(2)
    assert (state.d_updates, state.g_updates) == (6, 2)


@pytest.mark.parametrize("frozen, moving", [("G", "D"), ("D", "G")])
def test_freeze_keeps_one_player_still(state, frozen, moving):
    state.set(freeze=frozen)
    before = {p: params(getattr(state.gan, p)) for p in "GD"}
    state.full_step(3)
    assert same(params(getattr(state.gan, frozen)), before[frozen])
    assert not same(params(getattr(state.gan, moving)), before[moving])


def test_frozen_g_lets_d_approach_d_star():
    """Lesson 06 live: D trained alone against a fixed G on N(4, 0.5^2) gets close to D* on the data."""
    s = LabState("gaussian", freeze="G", lr_d=1e-2, batch_size=256)
    x = np.linspace(3.0, 5.0, 41)[:, None]
    from scratchgan.game1d import generator_density
    from scratchgan.metrics import optimal_d
    edges = np.linspace(0, 8, 801)
    centre = 0.5 * (edges[:-1] + edges[1:])
    d_star = np.interp(x.ravel(), centre, optimal_d(s.dataset.density(centre[:, None]),
                                                    generator_density(s.gan, edges, units=(s.shift, s.scale))))
    gap0 = np.abs(s.d_of(x) - d_star).mean()
    s.full_step(300)
    gap = np.abs(s.d_of(x) - d_star).mean()
    assert gap < 0.5 * gap0 and gap < 0.1, (gap0, gap)


def test_numbers_match_the_maths(state):
    state.full_step(5)
    n = state.numbers()
    p = state.settings["pack"]
    B = state.n_show // p * p
    real = ((state.real_show[:B] - state.shift) / state.scale).astype(np.float32).reshape(B // p, -1)
    l_real = backend.to_numpy(state.gan.D(backend.asarray(real))).astype(np.float64)
    fake = state.gan.G(backend.asarray(state.z_show[:B])).reshape(B // p, -1)  # p samples per row of D's input
    l_fake = backend.to_numpy(state.gan.D(fake)).astype(np.float64)
    s_real, s_fake = 1 / (1 + np.exp(-l_real)), 1 / (1 + np.exp(-l_fake))
    assert n["value"] == pytest.approx(np.log(s_real).mean() + np.log(1 - s_fake).mean(), abs=1e-4)
    assert n["mean_d_real"] == pytest.approx(s_real.mean(), abs=1e-5)
    assert n["mean_d_fake"] == pytest.approx(s_fake.mean(), abs=1e-5)
    cov = metrics.mode_coverage(state.fake(2500), state.dataset.modes, state.dataset.mode_std)
    assert (n["modes"], n["n_modes"], n["high_quality"]) == (cov["modes"], 8, cov["high_quality"])
    assert n["d_grad_norm"] > 0 and n["g_grad_norm"] > 0 and n["log4"] == pytest.approx(-np.log(4))
    m = len(state.real_show)
    want = metrics.precision_recall(*metrics.standardise(state.real_show, state.fake(2500)[:m]))
    assert (n["precision"], n["recall"]) == pytest.approx(want) and 0 <= n["recall"] <= 1
    state.set(loss="wasserstein")
    assert state.numbers()["value"] is None  # V(D, G) is a BCE quantity


def test_live_settings_act_without_a_rebuild(state):
    gan = state.gan
    state.set(lr_g=1e-4, lr_d=2e-3, loss="hinge", penalty="r1", penalty_weight=5.0, k=2, batch_size=32)
    assert state.gan is gan
    assert (gan.g_opt.lr, gan.d_opt.lr, gan.loss, gan.penalty, gan.penalty_weight, gan.d_steps) == \
        (1e-4, 2e-3, "hinge", "r1", 5.0, 2)
    state.full_step()
    assert state.d_updates == 2


def test_structure_settings_rebuild_from_the_seed(state):
    state.full_step(3)
    state.set(hidden=24, pack=1)
    assert state.gan.G.params["0.W"].shape == (state.settings["noise_dim"], 24) if "0.W" in state.gan.G.params \
        else any(v.shape[-1] == 24 for v in state.gan.G.params.values())
    assert state.gan.D.layers[0].params["W"].shape[0] == 2 and state.d_updates == 0
    fresh = LabState(**{**SMALL, "hidden": 24, "pack": 1})
    assert same(params(state.gan.G), params(fresh.gan.G)) and same(params(state.gan.D), params(fresh.gan.D))
    state.reset(seed=7)
    assert not same(params(state.gan.G), params(fresh.gan.G))


@pytest.mark.parametrize("bad, words", [(dict(loss="dcgan"), "minimax"), (dict(penalty="l2"), "r1"),
                                        (dict(batch_size=63, pack=2), "multiple of pack"), (dict(speed=3), "unknown"),
                                        (dict(freeze="both"), "freeze"), (dict(data="nope"), "unknown dataset")])
def test_bad_settings_say_what_is_wrong_and_keep_the_game(state, bad, words):
    gan, before = state.gan, dict(state.settings)
    with pytest.raises(ValueError, match=words):
        state.set(**bad)
    assert state.gan is gan and state.settings == before


def test_new_data_brings_its_preset(state):
    state.set(data="gaussian")
    assert state.dataset.dim == 1 and state.settings["noise_dim"] == train.preset("gaussian")["noise_dim"]
    state.full_step(2)
    assert state.fake().shape == (state.n_show, 1)


def test_drawn_points_become_the_data():
    pts = [(-1.0, 0.5), (1.0, 0.5), (0.0, -1.0)]
    s = LabState(points=pts, **SMALL)
    assert s.settings["data"] == "drawn" and np.allclose(s.dataset.modes, pts)
    x = s.dataset.sample(3000, np.random.default_rng(0))
    k, d = metrics.assign_modes(x, np.array(pts), s.dataset.mode_std)
    assert np.bincount(k, minlength=3).min() > 800 and d.max() < 6
    with pytest.raises(ValueError, match="click"):
        drawn_dataset(np.zeros((0, 2)))


def test_export_rebuilds_the_same_gan(state, tmp_path):
    state.set(lr_g=5e-4, k=2)
    state.full_step(4)
    out = state.export(str(tmp_path / "run"))
    saved, config, meta, _ = checkpoint.load(os.path.join(out, "checkpoint.npz"))
    assert (config["d_steps"], meta["d_updates"], meta["g_updates"]) == (2, 8, 4)
    ns = runpy.run_path(os.path.join(out, "rebuild.py"))
    gan = ns["gan"]
    for p in "GD":
        assert same(params(getattr(gan, p)), params(getattr(state.gan, p)))
    assert (gan.g_opt.lr, gan.d_opt.lr, gan.d_steps) == (5e-4, state.settings["lr_d"], 2)
    # without a checkpoint the script gives the lab's starting weights (same seed, same build)
    ns = {}
    exec(state.python_code(), ns)
    start = {k[2:]: v for k, v in state.initial.items() if k.startswith("G/")}
    assert same(params(ns["gan"].G), start)


def test_export_of_drawn_data(tmp_path):
    s = LabState(points=[(0.0, 0.0), (1.0, 1.0)], **SMALL)
    s.full_step(2)
    out = s.export(str(tmp_path / "drawn"))
    ns = runpy.run_path(os.path.join(out, "rebuild.py"))
    assert np.allclose(ns["dataset"].modes, s.points) and same(params(ns["gan"].D), params(s.gan.D))


def test_dirac_lab_spirals_out_circles_or_converges():
    sim, alt, r1 = DiracLab("simultaneous"), DiracLab("alternating"), DiracLab("alternating", penalty="r1", gamma=1.0)
    for d in (sim, alt, r1):
        d.step(200)
    r0 = np.hypot(1, 1)
    assert sim.radius() > 1.5 * r0 and 0.5 * r0 < alt.radius() < 1.5 * r0 and r1.radius() < 0.1 * r0


# -- the views -------------------------------------------------------------------------
def test_plane_view_pixels_map_back_to_the_plane(state):
    view = PlaneView(state)
    view.update(state.numbers())
    assert view.png()[:4] == b"\x89PNG"
    W, H = view.figure.canvas.get_width_height()
    for xy in [(0.5, -0.25), (-1.0, 1.0)]:
        px, py = view.ax.transData.transform(xy)
        assert np.allclose(view.to_data(px, H - py), xy, atol=1e-9)
        assert np.allclose(view.to_data(px / 2, (H - py) / 2, W / 2, H / 2), xy, atol=1e-9)  # shown at half size


def test_live_plane_redraws_only_what_moves_and_matches_a_full_draw(state):
    import io
    from PIL import Image
    from scratchgan.lab_views import _png
    view = PlaneView(state, live=True)
    view.update(state.numbers())
    view.png()
    state.full_step(3)  # the points move: the old ones must not linger in the blitted picture
    view.update(state.numbers())
    blitted = np.asarray(Image.open(io.BytesIO(view.png())), dtype=np.int32)
    for a in view.moving + [view.title]:
        a.set_animated(False)
    full = np.asarray(Image.open(io.BytesIO(_png(view.figure))), dtype=np.int32)
    assert blitted.shape == full.shape
    differ = np.abs(blitted - full).max(-1) > 8
    H = full.shape[0]
    x0, y0, x1, y1 = view.ax.get_window_extent().extents
    rows, cols = np.mgrid[:H, :full.shape[1]]
    frame = np.zeros_like(differ)  # the spines are drawn twice (background + after the heat map): darker edges
    for edge in (x0, x1):
        frame |= np.abs(cols - edge) < 3
    for edge in (H - y0, H - y1):
        frame |= np.abs(rows - edge) < 3
    assert (differ & ~frame).mean() < 0.0005, (differ & ~frame).sum()


def test_line_view_draws_figure_1():
    s = LabState("gaussian")
    view = LineView(s)
    view.update()
    labels = [t.get_text() for t in view.figure.legends[0].get_texts()]
    assert any("D*" in t for t in labels) and any("p_g" in t for t in labels)


# -- the widget ------------------------------------------------------------------------
ipywidgets = pytest.importorskip("ipywidgets")


@pytest.fixture
def lab():
    from scratchgan.lab_widget import Lab
    lab = Lab(**SMALL)
    yield lab
    lab.stop()


def shown(lab):
    from scratchgan.lab_widget import numbers_text
    return lab.numbers.value, numbers_text(lab.state.numbers())


def test_buttons_step_the_game_and_the_numbers_follow(lab):
    first, _ = shown(lab)
    assert "D updates 0 · G updates 0" in first
    png = lab.image.value
    lab.d_button.click()
    lab.g_button.click()
    lab.step_button.click()
    text, truth = shown(lab)
    assert "D updates 2 · G updates 2" in text and truth in text and text != first
    assert lab.image.value != png and lab.image.value[:4] == b"\x89PNG"
    lab.reset_button.click()
    assert lab.state.d_updates == 0 and shown(lab)[0] == first


def test_each_control_changes_what_it_says(lab):
    c = lab.controls
    c["lr_g"].value = 1e-4
    c["lr_d"].value = 1e-2
    c["loss"].value = "least_squares"
    c["penalty"].value = "wgan-gp"
    c["penalty_weight"].value = 10.0
    c["k"].value = 3
    c["batch_size"].value = 128
    g = lab.state.gan
    assert (g.g_opt.lr, g.d_opt.lr, g.loss, g.penalty, g.penalty_weight, g.d_steps) == \
        (pytest.approx(1e-4), pytest.approx(1e-2), "least_squares", "wgan-gp", 10.0, 3)
    lab.step_button.click()
    assert "D updates 3 · G updates 1" in lab.numbers.value and "V(D,G) —" in lab.numbers.value
    c["penalty"].value = "none"
    assert lab.state.gan.penalty is None
    for name, value in (("hidden", 32), ("layers", 1), ("d_hidden", 8), ("d_layers", 1), ("noise_dim", 3), ("pack", 1)):
        c[name].value = value
        assert lab.state.settings[name] == value and lab.state.d_updates == 0
    assert lab.state.gan.G.layers[0].params["W"].shape == (3, 32)
    assert lab.state.gan.D.layers[0].params["W"].shape == (2, 8)
    c["freeze"].value = "G"
    G0 = params(lab.state.gan.G)
    lab.step_button.click()
    assert same(params(lab.state.gan.G), G0) and lab.state.d_updates == 3


def test_new_data_from_the_menu_and_a_bad_file(lab, tmp_path):
    lab.controls["data"].value = "gaussian"
    assert isinstance(lab.view, LineView) and lab.controls["noise_dim"].value == lab.state.settings["noise_dim"]
    gan = lab.state.gan
    lab.file.value = str(tmp_path / "missing.npy")
    lab.load_button.click()
    assert "no such file" in lab.message.value and lab.state.gan is gan
    np.save(tmp_path / "pts.npy", np.random.default_rng(0).standard_normal((300, 2)))
    lab.file.value = str(tmp_path / "pts.npy")
    lab.load_button.click()
    assert lab.state.dataset.dim == 2 and lab.message.value == "" and lab.controls["data"].value is None


def test_clicked_points_become_the_data(lab):
    wanted = [(-0.5, 0.5), (0.5, 0.5), (0.0, -0.5)]
    for xy in wanted:
        view = lab.view  # the box may change when the data do
        H = view.figure.canvas.get_width_height()[1]
        px, py = view.ax.transData.transform(xy)
        lab._guard(lab.on_click, {"type": "click", "dataX": px, "dataY": H - py})
    assert lab.state.settings["data"] == "drawn" and lab.controls["data"].value == "drawn"
    assert np.allclose(lab.state.points, wanted, atol=0.02)  # up to the pixel grid
    lab.step_button.click()
    assert "modes" in lab.numbers.value and "/3" in lab.numbers.value
    lab.clear_button.click()
    assert lab.state.settings["data"] == "ring" and lab.drawn == []


def test_play_runs_frames_until_paused(lab):
    lab.speed.value = 2
    lab.play.value = True
    t0 = time.time()
    while lab.frames < 4 and time.time() - t0 < 30:
        time.sleep(0.05)
    lab.stop()
    done = lab.state.g_updates
    assert done >= 4 and done % 2 == 0 and lab.play.description == "play"
    time.sleep(0.2)
    assert lab.state.g_updates == done  # paused means paused


def test_dirac_tab(lab):
    lab.tabs.selected_index = 1
    lab.step_button.click()
    lab.step_button.click()
    assert len(lab.dirac.path) == 3 and lab.dirac_image.value[:4] == b"\x89PNG"
    lab.schedule.value = "alternating"
    assert lab.dirac.schedule == "alternating" and len(lab.dirac.path) == 1
    assert lab.state.d_updates == 0  # the GAN did not move


def test_export_button_writes_the_folder_and_shows_the_code(lab, tmp_path):
    lab.step_button.click()
    lab.out_dir.value = str(tmp_path / "lab")
    lab.export_button.click()
    files = set(os.listdir(tmp_path / "lab"))
    assert {"checkpoint.npz", "rebuild.py", "lab.json", "lab.png", "plane.png"} <= files, files
    assert "gan.load_state_dict(state)" in lab.code.value and "wrote" in lab.message.value
    ns = runpy.run_path(str(tmp_path / "lab" / "rebuild.py"))
    assert same(params(ns["gan"].G), params(lab.state.gan.G))


def test_served_notebook_builds_the_lab(tmp_path):
    import json
    from scratchgan import lab_server
    path = lab_server.write_notebook(str(tmp_path), data="ring", seed=3, **SMALL)
    source = json.load(open(path))["cells"][0]["source"]
    ns = {}
    exec(source.rsplit("\n", 1)[0], ns)
    assert ns["lab"].state.settings["seed"] == 3 and ns["lab"].frames == 1


def test_cli_lab_help(capsys):
    from scratchgan import cli
    with pytest.raises(SystemExit) as e:
        cli.main(["lab", "--help"])
    assert e.value.code == 0 and "127.0.0.1" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("voila") is None, reason="python -m scratchgan lab needs voila")
def test_cli_lab_serves_on_localhost_and_ctrl_c_stops_it():
    import re
    import signal
    import subprocess
    import sys
    import urllib.request
    env = {**os.environ, "PYTHONPATH": os.path.dirname(os.path.dirname(os.path.abspath(__file__)))}
    p = subprocess.Popen([sys.executable, "-m", "scratchgan", "lab", "--port", "0"], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, env=env)
    try:
        url, t0 = None, time.time()
        while url is None and time.time() - t0 < 90:
            m = re.search(r"open (http://127\.0\.0\.1:\d+/) in a browser", p.stdout.readline())
            url = m and m.group(1)
        assert url, "no address printed"
        assert urllib.request.urlopen(url, timeout=90).status == 200  # Voila runs the lab's notebook for this visit
        p.send_signal(signal.SIGINT)  # what Ctrl-C sends
        assert p.wait(timeout=60) == 0
        with pytest.raises(OSError):
            urllib.request.urlopen(url, timeout=5)
    finally:
        if p.poll() is None:  # a failed check above: stop it the polite way, so Voila goes too
            p.send_signal(signal.SIGINT)
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
