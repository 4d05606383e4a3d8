"""The lab in a real browser: ``python -m scratchgan lab``'s page in headless Chromium, driven by Selenium.

Skips (saying why) where chromium, chromedriver, selenium or voila is missing;
``.ci/run`` installs them, so CI runs it. The screenshot goes to docs/lab.png
(the README shows it).
"""
import contextlib
import importlib.util
import io
import os
import re
import shutil
import tempfile
import time

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
MISSING = [name for name, ok in (("chromium", CHROMIUM), ("chromedriver (apt: chromium-driver)", DRIVER),
                                 ("selenium", importlib.util.find_spec("selenium")),
                                 ("voila", importlib.util.find_spec("voila")),
                                 ("ipywidgets", importlib.util.find_spec("ipywidgets"))) if not ok]
# xdist_group: under `pytest -n` (pytest-xdist, --dist loadgroup in pyproject.toml) the whole module runs on one worker,
# in order: its tests share one server and browser (the module-scoped page) and each starts where the last left it.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("lab_browser"),
              pytest.mark.skipif(bool(MISSING), reason=f"browser test needs {', '.join(MISSING)}")]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1100,1000"]


def chromium(profile):
    """Headless Chromium with a fresh profile, its network requests logged (``performance`` log)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.set_page_load_timeout(180)
    return driver


@contextlib.contextmanager
def served_page():
    """A lab server on a free port and a headless Chromium on its page (``driver.server``: the process);
    both stopped, and the browser profile removed, on the way out."""
    from scratchgan.lab import server
    proc, url = server.start(port=server.free_port(), data="ring", seed=0)
    profile = tempfile.mkdtemp(prefix="scratchgan-chromium-")
    driver = None
    try:
        driver = chromium(profile)
        driver.get(url)
        driver.server = proc
        yield driver
    finally:
        if driver is not None:
            driver.quit()
        server.stop(proc)
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def page():
    with served_page() as driver:
        yield driver


def ready(driver, timeout=180):
    """Wait until the lab's strip of numbers shows (the page's kernel has built the lab)."""
    from selenium.webdriver.common.by import By
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".lab-numbers") and "D updates" in numbers(d), timeout)


def test_the_page_asks_nothing_of_the_network(page):
    """Every request the page makes (scripts, styles, fonts, websockets) goes to the lab's own server."""
    import json
    ready(page)
    time.sleep(2)  # late requests: fonts, icons
    urls = [m["params"]["request"]["url"] for m in (json.loads(e["message"])["message"]
                                                    for e in page.get_log("performance"))
            if m["method"] == "Network.requestWillBeSent"]
    assert len(urls) > 5, urls
    local = r"(https?|wss?)://127\.0\.0\.1[:/]|data:|blob:|about:|chrome:"  # chrome: the browser's own pages
    away = [u for u in urls if not re.match(local, u)]
    assert away == [], away


def numbers(driver):
    from selenium.webdriver.common.by import By
    return driver.find_element(By.CSS_SELECTOR, ".lab-numbers").text


def updates(text):
    return tuple(int(v) for v in re.search(r"D updates (\d+) · G updates (\d+)", text).groups())


def wait(driver, cond, timeout=60):
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(cond)


def play_until(driver, player, count, timeout=240):
    """Press play, wait until the D (player 0) or G (player 1) updates reach ``count``, press pause."""
    from selenium.webdriver.common.by import By
    play = driver.find_element(By.CSS_SELECTOR, ".lab-play")
    play.click()
    wait(driver, lambda d: updates(numbers(d))[player] >= count, timeout)
    play.click()


def test_step_button_moves_the_numbers_and_the_plane(page):
    from selenium.webdriver.common.by import By
    ready(page)
    first = numbers(page)
    assert updates(first) == (0, 0)
    step = page.find_element(By.CSS_SELECTOR, ".lab-step")
    for i in range(1, 4):
        step.click()
        wait(page, lambda d: updates(numbers(d)) == (i, i))
    after = numbers(page)
    value = lambda t: float(re.search(r"V\(D,G\) (-?[\d.]+)", t).group(1))
    assert value(after) != value(first)

    check_plane(page)


def check_plane(page, both_sides=True):
    """The screenshot shows the plane: fake and real points, and (early in a run) both sides of D's heat map.

    Returns the screenshot. Late in a good run D is near 1/2 everywhere, so the heat map is pale.
    How much of each side shows after the 3 full steps of the step test varies with the seed: measured on the
    lab's own plane image at the ring defaults of the morning of 6 December (2-D z, D 128; seeds 0-9 x Haswell, SkylakeX, Sandybridge, which
    agree after 3 steps; ``PlaneView(s).png()`` under the colour tests below), D's "real" side covers
    0.6-24% of the image, its "fake" side 8.5-24%, the two together 24-43%. So the rule asks for a tinted tenth
    and for each side to be visible at all (0.05%, a twelfth of the smallest share measured), not for a size.
    """
    from PIL import Image
    from selenium.webdriver.common.by import By
    plane = page.find_element(By.CSS_SELECTOR, ".lab-plane")
    assert plane.size["width"] > 400 and plane.size["height"] > 400
    shot = Image.open(io.BytesIO(page.get_screenshot_as_png())).convert("RGB")
    shot.save(os.path.join(tempfile.gettempdir(), "scratchgan_lab_last.png"))  # to look at when a check fails
    ratio = shot.width / page.execute_script("return window.innerWidth")  # device pixels per CSS pixel
    r = plane.rect
    box = [int(round(v * ratio)) for v in (r["x"], r["y"], r["x"] + r["width"], r["y"] + r["height"])]
    px = np.asarray(shot.crop(box), dtype=np.int32)
    red, green, blue = px[..., 0], px[..., 1], px[..., 2]
    greenish = (green > red + 25) & (green > blue + 10)        # D's "real" side of the heat map
    purplish = (red > green + 25) & (blue > green + 25)        # D's "fake" side
    vermillion = (red > 180) & (green < 130) & (blue < 60)     # fake points G(z)
    black = (red < 40) & (green < 40) & (blue < 40)            # real points (and the axes' text)
    tinted = greenish | purplish
    assert vermillion.sum() > 50 and black.sum() > 50, (vermillion.sum(), black.sum())
    if both_sides:
        assert greenish.mean() > 0.0005 and purplish.mean() > 0.0005 and tinted.mean() > 0.1, \
            (greenish.mean(), purplish.mean(), tinted.mean())
    return shot


def test_play_and_pause(page):
    from selenium.webdriver.common.by import By
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, ".lab-play"))
    start = updates(numbers(page))[1]
    play = page.find_element(By.CSS_SELECTOR, ".lab-play")
    play.click()
    t0 = time.time()
    wait(page, lambda d: updates(numbers(d))[1] >= start + 300, timeout=240)
    play.click()  # pause
    rate = (updates(numbers(page))[1] - start) / (time.time() - t0)
    print(f"play in the browser: {rate:.0f} G updates/s at 5 steps per frame")
    time.sleep(1.5)  # the frame in flight when pause was pressed
    held = updates(numbers(page))
    time.sleep(1.0)
    assert updates(numbers(page)) == held
    check_plane(page, both_sides=False).save(os.path.join(ROOT, "docs", "lab.png"))  # the README's screenshot


def test_clicks_on_the_plane_become_the_data(page):
    """ipyevents in the page: each click adds a data point (a mode), and the game restarts on them."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    ready(page)
    plane = page.find_element(By.CSS_SELECTOR, ".lab-plane")
    for i, (dx, dy) in enumerate([(-100, -100), (100, -100), (0, 100)], start=1):
        ActionChains(page).move_to_element_with_offset(plane, dx, dy).click().perform()  # offsets from the centre
        wait(page, lambda d: re.search(rf"modes \d+/{i}\b", numbers(d)))
    assert updates(numbers(page)) == (0, 0)


# -- issue 23, broken items: each test failed on the lab before its fix --------------------------------

def open_section(driver, title):
    """Open the settings accordion's section ``title`` (a click on its header, when it is closed)."""
    from selenium.webdriver.common.by import By
    header = driver.find_element(By.XPATH, f"//*[contains(@class, 'Collapse-header')][normalize-space()='{title}']")
    classes = (header.get_attribute("class") or "") + " " + (header.find_element(By.XPATH, "..").get_attribute("class") or "")
    if "mod-active" not in classes and "Collapse-open" not in classes:
        header.click()
    time.sleep(0.5)


def message(driver, where):
    """The text of the note of part ``where`` (a settings section, "toolbar", "label" or "export")."""
    from selenium.webdriver.common.by import By
    return driver.find_element(By.CSS_SELECTOR, f".lab-message-{where.replace(' ', '-')}").text


def choose(driver, css_class, text):
    """Pick ``text`` in the menu (an ipywidgets Dropdown, a <select>) carrying ``css_class``."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    Select(driver.find_element(By.CSS_SELECTOR, f".{css_class} select")).select_by_visible_text(text)


def plane_pixels(driver):
    """The screenshot's pixels of the plane (RGB int array) and the device pixels per CSS pixel."""
    from PIL import Image
    from selenium.webdriver.common.by import By
    shot = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")
    ratio = shot.width / driver.execute_script("return window.innerWidth")
    r = driver.execute_script("return arguments[0].getBoundingClientRect()",  # in the viewport, as the screenshot
                              driver.find_element(By.CSS_SELECTOR, ".lab-plane"))
    box = [int(round(v * ratio)) for v in (r["x"], r["y"], r["x"] + r["width"], r["y"] + r["height"])]
    return np.asarray(shot.crop(box), dtype=np.int32), ratio


def test_a_click_lands_where_clicked_and_one_spot_is_one_mode(page):
    """The first click's points sit under the cursor (the axes hold still); a second click there adds no mode;
    a drag draws a stroke of modes."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    ready(page)
    open_section(page, "data")
    page.find_element(By.CSS_SELECTOR, ".lab-clear").click()  # the points of the test above
    wait(page, lambda d: re.search(r"modes \d+/8\b", numbers(d)))
    plane = page.find_element(By.CSS_SELECTOR, ".lab-plane")
    page.execute_script("arguments[0].scrollIntoView({block: 'center'})", plane)
    dx, dy = 70, -90  # from the plane's centre, in CSS pixels
    ActionChains(page).move_to_element_with_offset(plane, dx, dy).click().perform()
    wait(page, lambda d: re.search(r"modes \d+/1\b", numbers(d)))
    time.sleep(1.0)
    px, ratio = plane_pixels(page)
    cx, cy = (plane.size["width"] / 2 + dx) * ratio, (plane.size["height"] / 2 + dy) * ratio
    r = int(45 * ratio)
    win = px[int(cy) - r:int(cy) + r, int(cx) - r:int(cx) + r]
    black = (win < 40).all(-1)
    assert black.sum() > 20, "no drawn points near the click"
    ys, xs = np.nonzero(black)
    from PIL import Image
    Image.fromarray(win.astype(np.uint8)).save(os.path.join(tempfile.gettempdir(), "scratchgan_lab_click.png"))
    off = np.hypot(np.median(xs) - r, np.median(ys) - r) / ratio
    print(f"drawn points: {np.median(xs) - r:+.1f}, {np.median(ys) - r:+.1f} px from the click")
    assert off < 6, f"the drawn points sit {off:.0f} px from the click"
    ActionChains(page).move_to_element_with_offset(plane, dx, dy).click().perform()  # the same pixel again
    time.sleep(3)
    assert re.search(r"modes \d+/1\b", numbers(page)), numbers(page)
    ActionChains(page).move_to_element_with_offset(plane, -150, 120).click_and_hold().perform()
    for _ in range(6):
        ActionChains(page).move_by_offset(40, 0).perform()
        time.sleep(0.15)
    ActionChains(page).release().perform()
    wait(page, lambda d: int(re.search(r"modes \d+/(\d+)", numbers(d)).group(1)) >= 4)
    open_section(page, "data")
    page.find_element(By.CSS_SELECTOR, ".lab-clear").click()
    wait(page, lambda d: re.search(r"modes \d+/8\b", numbers(d)))  # back to the ring


def test_on_the_dirac_tab_d_and_g_steps_leave_the_hidden_gan_alone(page):
    from selenium.webdriver.common.by import By
    ready(page)
    before = updates(numbers(page))
    page.find_element(By.XPATH, "//*[contains(@class, 'TabBar-tab')][contains(., 'Dirac-GAN')]").click()
    d_button = page.find_element(By.CSS_SELECTOR, ".lab-d-step")
    wait(page, lambda d: not d_button.is_enabled(), 30)
    page.execute_script("arguments[0].click()", d_button)  # a click on the disabled button: nothing happens
    page.execute_script("arguments[0].click()", page.find_element(By.CSS_SELECTOR, ".lab-g-step"))
    time.sleep(2)
    assert updates(numbers(page)) == before
    page.find_element(By.XPATH, "//*[contains(@class, 'TabBar-tab')][contains(., 'GAN')][not(contains(., 'Dirac'))]").click()
    wait(page, lambda d: d_button.is_enabled(), 30)
    d_button.click()
    wait(page, lambda d: updates(numbers(d)) == (before[0] + 1, before[1]))


def test_a_half_typed_path_is_not_loaded_and_enter_loads(page, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    ready(page)
    open_section(page, "data")
    box = page.find_element(By.CSS_SELECTOR, ".lab-file input")
    box.clear()
    box.send_keys("/")
    time.sleep(1.5)
    assert message(page, "data") == ""  # typing alone loads nothing
    box.send_keys(Keys.ENTER)
    wait(page, lambda d: "whole path" in message(d, "data"), 30)
    np.save(tmp_path / "pts.npy", np.random.default_rng(0).standard_normal((300, 2)) + 5)
    box.clear()
    box.send_keys(str(tmp_path / "pts.npy") + Keys.ENTER)
    wait(page, lambda d: updates(numbers(d)) == (0, 0) and message(d, "data") == "", 60)
    choose(page, "lab-data", "8 Gaussians on a ring")
    wait(page, lambda d: re.search(r"modes \d+/8\b", numbers(d)))


def test_a_penalty_chosen_with_weight_0_gets_a_weight(page):
    from selenium.webdriver.common.by import By
    ready(page)
    open_section(page, "game")
    weight = page.find_element(By.CSS_SELECTOR, ".lab-penalty-weight input")
    assert float(weight.get_attribute("value")) == 0
    choose(page, "lab-penalty", "R1")
    wait(page, lambda d: float(weight.get_attribute("value")) > 0, 30)
    choose(page, "lab-penalty", "none")


def test_drawing_on_1d_data_says_where_to_draw(page):
    from selenium.webdriver.common.by import By
    ready(page)
    open_section(page, "data")
    choose(page, "lab-data", "1-D Gaussian (Figure 1)")
    wait(page, lambda d: "modes 0/1" in numbers(d) or "modes 1/1" in numbers(d), 60)
    choose(page, "lab-data", "points drawn by clicking")
    wait(page, lambda d: "2-D data set" in message(d, "data"), 30)
    sel = page.find_element(By.CSS_SELECTOR, ".lab-data select")
    assert sel.get_attribute("value") is not None
    from selenium.webdriver.support.ui import Select
    assert Select(sel).first_selected_option.text == "1-D Gaussian (Figure 1)"
    choose(page, "lab-data", "8 Gaussians on a ring")
    wait(page, lambda d: re.search(r"modes \d+/8\b", numbers(d)))


def blue_arrows(driver, settle=20):
    """How many pixels of the plane are G's arrows (Okabe-Ito blue), once two readings a second apart agree
    (under load the last frame can reach the page seconds after the pause)."""
    counts = []
    for _ in range(settle):
        px, _ = plane_pixels(driver)
        r, g, b = px[..., 0], px[..., 1], px[..., 2]
        counts.append(int(((b > 140) & (r < 70) & (g > 80) & (g < 150)).sum()))
        if len(counts) > 1 and counts[-1] == counts[-2]:
            break
        time.sleep(1)
    return counts[-1]


def test_arrows_shrink_as_d_saturates(page):
    """Minimax loss, G frozen while D learns: |dL_G/dx| vanishes, and so do the arrows (issue 23, item 3).
    Before, arrows were rescaled every frame to a readable length, so they never showed a gradient's size."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    ready(page)
    box = page.find_element(By.CSS_SELECTOR, ".lab-seed input")  # seed 1: G starts off most modes, so D can reject
    box.clear()                                                    # its samples (seed 0's cloud overlaps the data
    box.send_keys("1" + Keys.ENTER)                                # more: lesson 18 section 5 has the numbers)
    time.sleep(1.5)  # the value reaches the kernel before reset reads it
    page.find_element(By.CSS_SELECTOR, ".lab-reset").click()  # a fresh GAN: the arrows' scale is set anew
    wait(page, lambda d: updates(numbers(d)) == (0, 0))
    open_section(page, "game")
    choose(page, "lab-loss", "minimax")
    open_section(page, "teaching modes")
    page.find_element(By.XPATH, "//button[normalize-space()='freeze G (D -> D*)']").click()
    first = blue_arrows(page)
    assert first > 300, first
    play_until(page, 0, 300)
    last = blue_arrows(page)
    print(f"arrow pixels: {first} at the start, {last} after {updates(numbers(page))[0]} D updates")
    page.find_element(By.XPATH, "//button[normalize-space()='train both']").click()  # leave both players training
    assert last < 0.5 * first
    page.find_element(By.XPATH, "//button[normalize-space()='train both']").click()
    open_section(page, "game")
    choose(page, "lab-loss", "non_saturating")


def test_a_critic_loss_shows_scores_not_minus_log_4(page):
    ready(page)
    open_section(page, "game")
    choose(page, "lab-loss", "wasserstein")
    wait(page, lambda d: "mean score on real" in numbers(d), 60)
    assert "log 4" not in numbers(page) and "V(D,G)" not in numbers(page)
    choose(page, "lab-loss", "non_saturating")
    wait(page, lambda d: "-log 4" in numbers(d), 60)


def test_everything_fits_a_1280x720_screen(page):
    """A projector's 1280 x 720: toolbar, picture, numbers, messages and settings all on screen, no scrolling."""
    from selenium.webdriver.common.by import By
    ready(page)
    page.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                         {"width": 1280, "height": 720, "deviceScaleFactor": 1, "mobile": False})
    try:
        page.execute_script("window.scrollTo(0, 0)")
        time.sleep(1.5)
        page.get_screenshot_as_file(os.path.join(tempfile.gettempdir(), "scratchgan_lab_1280x720.png"))
        for css in (".lab-d-step", ".lab-reset", ".lab-plane", ".lab-curves", ".lab-overview", ".lab-numbers",
                    ".lab-loss", ".lab-conditional", ".lab-label"):
            r = page.execute_script("return arguments[0].getBoundingClientRect()",
                                    page.find_element(By.CSS_SELECTOR, css))
            assert r["top"] >= 0 and r["left"] >= 0 and r["bottom"] <= 720 and r["right"] <= 1280, (css, r)
        for header in page.find_elements(By.XPATH, "//*[contains(@class, 'Collapse-header')]"):  # every section
            r = page.execute_script("return arguments[0].getBoundingClientRect()", header)
            assert r["bottom"] <= 720, (header.text, r)
        assert page.execute_script("return document.documentElement.scrollHeight") <= 720 + 2
    finally:
        page.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_overview_shows_the_phase_of_algorithm_1(page):
    from selenium.webdriver.common.by import By
    ready(page)
    overview = lambda d: d.find_element(By.CSS_SELECTOR, ".lab-overview").text
    page.find_element(By.CSS_SELECTOR, ".lab-d-step").click()
    wait(page, lambda d: "D update 1 of 1" in overview(d), 30)
    page.find_element(By.CSS_SELECTOR, ".lab-g-step").click()
    wait(page, lambda d: "1 x D update" in overview(d) and "L_G" in overview(d), 30)


def test_the_curves_update_as_the_game_goes(page):
    """The curves under the plane are redrawn as steps are played (their picture changes)."""
    from selenium.webdriver.common.by import By
    ready(page)
    curves = page.find_element(By.CSS_SELECTOR, ".lab-curves")
    assert curves.size["height"] > 80
    src = curves.get_attribute("src")
    for _ in range(2):
        page.find_element(By.CSS_SELECTOR, ".lab-step").click()
        time.sleep(1.2)  # while playing, the curves are redrawn at most once a second
    wait(page, lambda d: d.find_element(By.CSS_SELECTOR, ".lab-curves").get_attribute("src") != src, 30)


# -- the plane's layers (issue 23 item 4, issue 21 item 3) -----------------------------------------------

def plane_src(driver):
    from selenium.webdriver.common.by import By
    return driver.find_element(By.CSS_SELECTOR, ".lab-plane").get_attribute("src")


def redrawn(driver, act, timeout=30):
    """Do ``act()`` and wait until the plane's picture is a new one; returns the plane's pixels then."""
    src = plane_src(driver)
    act()
    wait(driver, lambda d: plane_src(d) != src, timeout)
    time.sleep(0.5)  # the browser decodes the new PNG
    return plane_pixels(driver)[0]


def steps(driver, n):
    """Press "full step" n times and wait until the page has played them all (the kernel may lag the clicks)."""
    from selenium.webdriver.common.by import By
    start = updates(numbers(driver))[1]
    for _ in range(n):
        driver.find_element(By.CSS_SELECTOR, ".lab-step").click()
    wait(driver, lambda d: updates(numbers(d))[1] >= start + n, 60)
    time.sleep(0.5)


def test_the_manifold_is_drawn_and_moves_as_g_trains(page):
    """G's warped grid lines: what its checkbox adds to the plane, before and after a few full steps, differs."""
    from selenium.webdriver.common.by import By
    ready(page)
    open_section(page, "plane")
    box = page.find_element(By.CSS_SELECTOR, ".lab-draw-manifold input")
    assert box.is_selected()  # on by default

    def lines():  # the pixels the manifold adds: the same frame drawn with and without it
        off = redrawn(page, box.click)
        on = redrawn(page, box.click)
        return (np.abs(on - off).max(-1) > 40) & (on[..., 0] > on[..., 2] + 30)  # vermillion lines over the heat map
    first = lines()
    steps(page, 5)
    later = lines()
    moved = (first ^ later).sum() / max(1, (first | later).sum())
    print(f"manifold pixels: {first.sum()} then {later.sum()}, {100 * moved:.0f}% of them moved")
    assert first.sum() > 300 and later.sum() > 300 and moved > 0.2


def yellow_label(driver):
    """Pixels of the plane's yellow label box (a frozen player) in its top left corner."""
    px = plane_pixels(driver)[0]
    corner = px[:int(0.2 * px.shape[0]), :int(0.8 * px.shape[1])]
    r, g, b = corner[..., 0], corner[..., 1], corner[..., 2]
    return int(((r > 200) & (g > 190) & (b < 110)).sum())  # the see-through "mode missed" crosses: b > 130


def test_the_mode_label_shows_on_the_plane_when_its_section_is_collapsed(page):
    from selenium.webdriver.common.by import By
    ready(page)
    open_section(page, "teaching modes")
    freeze_d = page.find_element(By.XPATH, "//button[normalize-space()=\"freeze D (G's best reply)\"]")
    redrawn(page, freeze_d.click)
    open_section(page, "game")  # the accordion closes the teaching modes
    wait(page, lambda d: not freeze_d.is_displayed(), 10)
    assert yellow_label(page) > 300, yellow_label(page)
    open_section(page, "teaching modes")
    redrawn(page, page.find_element(By.XPATH, "//button[normalize-space()='train both']").click)
    assert yellow_label(page) < 30, yellow_label(page)


def orange(px):
    """How many pixels of ``px`` are the averaged G's orange diamonds."""
    r, g, b = px[..., 0], px[..., 1], px[..., 2]
    return int(((r > 200) & (g > 130) & (g < 195) & (b < 50)).sum())  # not vermillion (g 94), nor its lines


def test_the_averaged_g_toggle_shows_a_second_point_set(page):
    """G shown "both": orange diamonds (the averaged G) beside the vermillion dots, and the strip measures both."""
    from selenium.webdriver.common.by import By
    ready(page)
    steps(page, 5)  # some G updates, so the average is not G itself
    open_section(page, "plane")
    pick = lambda text: page.find_element(By.XPATH, "//*[contains(@class, 'lab-g-shown')]"
                                                    f"//button[normalize-space()='{text}']")
    pick("both").click()
    wait(page, lambda d: "averaged G: modes" in numbers(d) and "raw G: modes" in numbers(d), 30)
    time.sleep(1.0)  # the picture came with the numbers; the browser decodes it
    both = orange(plane_pixels(page)[0])
    pick("raw").click()
    wait(page, lambda d: "averaged G" not in numbers(d), 30)
    time.sleep(1.0)
    raw = orange(plane_pixels(page)[0])
    print(f"orange pixels: {both} with both Gs shown, {raw} with the raw G")
    assert both > 150 and raw < 0.1 * both


def at_1280x720(driver):
    """The page at a projector's 1280 x 720 (undone by ``driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})``)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1280, "height": 720, "deviceScaleFactor": 1, "mobile": False})
    driver.execute_script("window.scrollTo(0, 0)")
    time.sleep(1.0)


CUT = """return [...document.querySelectorAll('button, .widget-label, .widget-label-basic, .widget-html-content')]
    .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
    .map(e => e.textContent.trim()).filter(t => t.length)"""


def test_every_label_is_readable_at_1280x720(page):
    """Issue 23: "freeze D (G's best r..." was cut off. Open each section in turn: no button or label of the page
    is cut (its text wider than its box) at 1280 x 720."""
    ready(page)
    at_1280x720(page)
    try:
        cut = []
        for title in ("game", "networks", "data", "teaching modes", "plane", "export"):
            open_section(page, title)
            cut += page.execute_script(CUT)
        page.get_screenshot_as_file(os.path.join(tempfile.gettempdir(), "scratchgan_lab_labels.png"))
        assert cut == [], cut
    finally:
        page.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        open_section(page, "game")


def test_a_refusal_shows_beside_its_control_in_the_pages_words(page):
    """Issue 23: a refused setting says why next to the control that caused it (its section's note, on screen at
    1280 x 720), in the page's words; the other notes stay empty."""
    from selenium.webdriver.common.by import By
    ready(page)
    at_1280x720(page)
    try:
        page.find_element(By.CSS_SELECTOR, ".lab-conditional input").click()  # the conditional game: no penalty
        wait(page, lambda d: "label" in numbers(d) and updates(numbers(d)) == (0, 0), 60)
        open_section(page, "game")
        choose(page, "lab-penalty", "R1")
        wait(page, lambda d: "no gradient penalty" in message(d, "game"), 30)
        note = page.find_element(By.CSS_SELECTOR, ".lab-message-game")
        menu = page.find_element(By.CSS_SELECTOR, ".lab-penalty")
        rect = lambda e: page.execute_script("return arguments[0].getBoundingClientRect()", e)
        n, m = rect(note), rect(menu)
        assert n["bottom"] <= 720 and n["left"] >= 500 and abs(n["top"] - m["top"]) < 260, (n, m)
        assert "--" not in message(page, "game") and "Error" not in message(page, "game")
        assert message(page, "toolbar") == "" and message(page, "networks") == ""
        assert page.find_element(By.CSS_SELECTOR, ".lab-penalty select").get_attribute("value") == "none"
    finally:
        page.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        page.find_element(By.CSS_SELECTOR, ".lab-conditional input").click()
        wait(page, lambda d: "label" not in numbers(d), 60)


def test_the_label_selector_shows_one_labels_samples_at_its_mode(page):
    """Issue 24 item 5: switch the conditional game on, pick label 3, play 300+ steps: the page's numbers say
    label 3's samples sit at mode 3 (the ring's top left), and so do the fake points on the plane.

    Margin (benchmarks/check_margins.py --checks lab_conditional_label, seeds 0-9 x kernels Haswell, SkylakeX,
    Sandybridge, 300 full steps of LabState: benchmarks/check_margins_lab_conditional.json): label 3's samples
    nearest mode 3 in 30 of 30 runs at 100% (std 0; rule >= 90%); the stricter within-3-std share varies
    0-80% by seed (0-83% with D 256) and is not asserted. The fake points are found by their colour with the data's
    dots and G's arrows hidden: at a learnt mode those cover them (8 vermillion pixels were left in one CI run of 6
    December, under the test's 10; 133 with the two layers off)."""
    from selenium.webdriver.common.by import By
    ready(page)
    page.find_element(By.CSS_SELECTOR, ".lab-conditional input").click()
    wait(page, lambda d: "all labels:" in numbers(d) and updates(numbers(d)) == (0, 0), 60)
    choose(page, "lab-label", "3")
    wait(page, lambda d: "label 3:" in numbers(d), 30)
    play_until(page, 1, 300)
    time.sleep(1.5)
    text = numbers(page)
    agree = float(re.search(r"label 3: ([\d.]+)% nearest its mode", text).group(1))
    at_1280x720(page)
    try:
        page.get_screenshot_as_file(os.path.join(tempfile.gettempdir(), "scratchgan_lab_label3.png"))
        assert page.execute_script("return document.documentElement.scrollHeight") <= 720 + 2  # still one screen
        def every_header_on_screen():  # the longer strip leaves every section's header on the screen
            for header in page.find_elements(By.XPATH, "//*[contains(@class, 'Collapse-header')]"):
                r = page.execute_script("return arguments[0].getBoundingClientRect()", header)
                assert r["bottom"] <= 720, (header.text, r)
        every_header_on_screen()
        open_section(page, "plane")  # both Gs shown, each measured for label 3: the longest strip
        page.find_element(By.XPATH, "//*[contains(@class, 'lab-g-shown')]//button[normalize-space()='both']").click()
        wait(page, lambda d: "averaged G:" in numbers(d) and numbers(d).count("label 3:") == 2, 30)
        open_section(page, "game")
        time.sleep(1.0)
        page.get_screenshot_as_file(os.path.join(tempfile.gettempdir(), "scratchgan_lab_label3_both.png"))
        every_header_on_screen()
        open_section(page, "plane")
        page.find_element(By.XPATH, "//*[contains(@class, 'lab-g-shown')]//button[normalize-space()='raw']").click()
        wait(page, lambda d: "averaged G:" not in numbers(d), 30)
        open_section(page, "game")
    finally:
        page.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    open_section(page, "plane")  # G(z, 3)'s points alone over D: at the mode the data's dots and G's arrows cover them
    hidden = [page.find_element(By.CSS_SELECTOR, f".lab-draw-{name} input") for name in ("real", "arrows")]
    for box in hidden:
        px = redrawn(page, box.click)
    for box in hidden:  # the layers back
        redrawn(page, box.click)
    open_section(page, "game")
    r, g, b = px[..., 0], px[..., 1], px[..., 2]
    ys, xs = np.nonzero((r > 180) & (g < 130) & (b < 60))  # the fake points G(z, 3), vermillion
    print(f"label 3 after {updates(text)[1]} G updates: {agree}% nearest mode 3; {len(xs)} fake-point pixels, "
          f"median at {np.median(xs) / px.shape[1]:.2f}, {np.median(ys) / px.shape[0]:.2f} of the plane")
    page.find_element(By.CSS_SELECTOR, ".lab-conditional input").click()  # back to the plain game
    assert agree >= 90, text  # measured: 100% in 30 of 30 runs (docstring)
    assert len(xs) > 10 and np.median(xs) < 0.5 * px.shape[1] and np.median(ys) < 0.5 * px.shape[0]  # top left
    wait(page, lambda d: "label" not in numbers(d), 60)


def children(pid, word):
    """Processes whose parent is ``pid`` and whose command line has ``word`` in it."""
    found = []
    for child in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{child}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{child}/cmdline", "rb") as f:
                cmd = f.read()
        except OSError:
            continue
        if ppid == pid and word in cmd:
            found.append(int(child))
    return found


def kernels(server):
    """The page kernels that run: the server's kernel processes (ipykernel, or warm.py's client standing in
    for a kernel forked by the warm process) and, with warm kernels, the forked kernels themselves."""
    started = children(server.pid, b"ipykernel") + children(server.pid, b"warm.py")
    warm = getattr(server, "warm", None)
    forked = children(warm.pid, b"warm.py") if warm is not None else started
    return started if len(started) >= len(forked) else forked  # the larger: neither may be left behind


def test_reloads_leave_one_kernel(page):
    """Three reloads while playing: the kernels of the pages that went stop; only the page's own kernel is left."""
    from selenium.webdriver.common.by import By
    ready(page)
    assert len(kernels(page.server)) == 1
    for _ in range(3):
        page.find_element(By.CSS_SELECTOR, ".lab-play").click()
        time.sleep(1)
        page.refresh()
        ready(page)
    t0 = time.time()
    while len(kernels(page.server)) > 1 and time.time() - t0 < 60:
        time.sleep(1)
    left = kernels(page.server)
    print(f"kernels left after three reloads: {len(left)} ({time.time() - t0:.0f} s after the last one)")
    assert len(left) == 1


def lab_command(cwd, *args):
    """``python -m scratchgan lab ARGS`` started in ``cwd`` (this checkout first on PYTHONPATH)."""
    import subprocess
    import sys
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")])),
           "OPENBLAS_NUM_THREADS": "1"}
    return subprocess.Popen([sys.executable, "-m", "scratchgan", "lab", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_busy_port_gives_one_line_and_no_address(tmp_path):
    """Something else answers on the port: the lab says so in one line and exits non-zero, never printing the
    address of the other program as its own."""
    import socket
    other = socket.socket()
    other.bind(("127.0.0.1", 0))
    other.listen()
    port = other.getsockname()[1]
    try:
        p = lab_command(str(tmp_path), "--port", str(port))
        out, err = p.communicate(timeout=120)
    finally:
        other.close()
    assert p.returncode != 0 and "open http" not in out, (out, err)
    assert len(err.strip().splitlines()) == 1 and f"port {port} is busy" in err, err


def test_export_lands_in_the_start_folder_survives_ctrl_c_and_rebuilds_from_anywhere(tmp_path):
    import signal
    import subprocess
    import sys
    from selenium.webdriver.common.by import By
    start = tmp_path / "class"
    start.mkdir()
    p = lab_command(str(start), "--port", "0")
    profile = tempfile.mkdtemp(prefix="scratchgan-chromium-")
    driver = None
    try:
        url, t0 = None, time.time()
        while url is None and time.time() - t0 < 120:
            m = re.search(r"open (http://127\.0\.0\.1:\d+/) in a browser", p.stdout.readline())
            url = m and m.group(1)
        assert url
        driver = chromium(profile)
        driver.get(url)
        ready(driver)
        driver.find_element(By.CSS_SELECTOR, ".lab-step").click()
        wait(driver, lambda d: updates(numbers(d)) == (1, 1))
        open_section(driver, "export")
        driver.find_element(By.CSS_SELECTOR, ".lab-export").click()
        folder = str(start / "lab_runs" / "lab")
        wait(driver, lambda d: "wrote" in message(d, "export"), 120)
        assert f"wrote {folder}:" in message(driver, "export"), message(driver, "export")
    finally:
        if driver is not None:
            driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
        p.send_signal(signal.SIGINT)  # Ctrl-C
        p.wait(timeout=60)
    assert {"checkpoint.npz", "rebuild.py", "lab.json", "lab.png"} <= set(os.listdir(folder))
    env = {**os.environ, "PYTHONPATH": ROOT, "OPENBLAS_NUM_THREADS": "1"}
    for cwd in (folder, str(tmp_path)):  # from its own folder and from elsewhere
        run = subprocess.run([sys.executable, os.path.join(folder, "rebuild.py")], cwd=cwd, env=env,
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        assert "rebuilt" in run.stdout and "after 1 D and 1 G updates" in run.stdout, run.stdout


def test_a_stopped_server_shows_a_disconnected_banner():
    from selenium.webdriver.common.by import By
    from scratchgan.lab import server
    with served_page() as driver:
        ready(driver)
        time.sleep(3)
        assert not [b for b in driver.find_elements(By.CSS_SELECTOR, ".lab-disconnected") if b.is_displayed()]
        server.stop(driver.server)
        wait(driver, lambda d: any(b.is_displayed() for b in d.find_elements(By.CSS_SELECTOR, ".lab-disconnected")), 30)
