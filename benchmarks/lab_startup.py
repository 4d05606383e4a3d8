"""Seconds from starting the lab to a usable page, in a real headless Chromium.

    python benchmarks/lab_startup.py --runs 3

A teacher types the command with a browser already open: so the browser is started first (not
counted), then the clock starts, ``lab.server.start`` launches Voila (the address is printed when
it returns), the browser opens the address, and the page counts as usable when its strip of
numbers shows "D updates" (the page's kernel has built the lab and drawn the plane). Prints, per
run, the seconds to the address and to a usable page, then the median. Needs chromium,
chromium-driver, selenium and voila (as tests/test_lab_browser.py).
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
         "--window-size=1280,720"]


def one_run():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from scratchgan.lab import server
    profile = tempfile.mkdtemp(prefix="scratchgan-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or shutil.which("chromium-browser")
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)
    proc = None
    try:
        driver.get("about:blank")
        t0 = time.perf_counter()
        proc, url = server.start(port=server.free_port(), data="ring", seed=0)
        address = time.perf_counter() - t0
        driver.get(url)
        strip = lambda d: [e for e in d.find_elements(By.CSS_SELECTOR, ".lab-numbers") if "D updates" in e.text]  # noqa: E731
        WebDriverWait(driver, 120, poll_frequency=0.05).until(strip)
        return address, time.perf_counter() - t0
    finally:
        driver.quit()
        if proc is not None:
            server.stop(proc)
        shutil.rmtree(profile, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    print(f"load average at the start: {os.getloadavg()[0]:.2f}")
    rows = [one_run() for _ in range(a.runs)]
    for i, (address, usable) in enumerate(rows):
        print(f"run {i}: address after {address:.2f} s, page usable after {usable:.2f} s")
    print(f"median: address {statistics.median(r[0] for r in rows):.2f} s, usable {statistics.median(r[1] for r in rows):.2f} s"
          f" (load average at the end: {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
