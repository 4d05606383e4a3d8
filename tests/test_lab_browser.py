"""The lab in a real browser: ``python -m scratchgan lab``'s page in headless Chromium, driven by Selenium.

Skips (saying why) where chromium, chromedriver, selenium or voila is missing;
``.ci/run`` installs them, so CI runs it. The screenshot goes to docs/lab.png
(the README shows it).
"""
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
pytestmark = [pytest.mark.slow, pytest.mark.skipif(bool(MISSING), reason=f"browser test needs {', '.join(MISSING)}")]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1100,1000"]


@pytest.fixture(scope="module")
def page():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from scratchgan.lab import server
    proc, url = server.start(port=server.free_port(), data="ring", seed=0)
    profile = tempfile.mkdtemp(prefix="scratchgan-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        opts.add_argument(flag)
    driver = None
    try:
        driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
        driver.get(url)
        yield driver
    finally:
        if driver is not None:
            driver.quit()
        server.stop(proc)
        shutil.rmtree(profile, ignore_errors=True)


def numbers(driver):
    from selenium.webdriver.common.by import By
    return driver.find_element(By.CSS_SELECTOR, ".lab-numbers").text


def updates(text):
    return tuple(int(v) for v in re.search(r"D updates (\d+) · G updates (\d+)", text).groups())


def wait(driver, cond, timeout=60):
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(cond)


def test_step_button_moves_the_numbers_and_the_plane(page):
    from selenium.webdriver.common.by import By
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, ".lab-numbers") and "D updates" in numbers(d), 120)
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
        assert greenish.mean() > 0.01 and purplish.mean() > 0.01 and tinted.mean() > 0.05, \
            (greenish.mean(), purplish.mean())
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
    plane = page.find_element(By.CSS_SELECTOR, ".lab-plane")
    for i, (dx, dy) in enumerate([(-100, -100), (100, -100), (0, 100)], start=1):
        ActionChains(page).move_to_element_with_offset(plane, dx, dy).click().perform()  # offsets from the centre
        wait(page, lambda d: re.search(rf"modes \d+/{i}\b", numbers(d)))
    assert updates(numbers(page)) == (0, 0)
