"""What the lab's controls do: ``Actions``, the part of ``widget.Lab`` that acts on the game.

``widget.py`` builds the parts, lays them out and wires each control to one method
here, run under the Lab's lock (``Lab._guard``: a ValueError or OSError speaks in the
note of the control's part). Each action changes the state or the tab on show, then
redraws; nothing here does maths. ``Lab`` inherits them, so ``lab.full_step()`` or
``lab.on_mouse(event)`` are the Lab's own, and they use its parts: ``state``, ``shown``
(the tab on show), ``game_tab``, ``dirac_tab``, ``toolbar``, the four panels, ``workdir``,
``drawn``, ``redraw()`` and ``say(where, text)``.

    the game     d_step, g_step (the GAN's only), full_step, reset, new_dirac_game
    settings     change (the one way settings reach the state), change_setting (a control's)
    data in      on_mouse (a click or a stroke on the plane), add_point(s), clear_points, load_file
    out          export (the run folder, the Python in its box)
"""
import os

from .conditioned import n_classes


class Actions:
    """The actions of ``widget.Lab``'s controls (a base of ``Lab``: it holds the parts they use)."""

    def _gan_shown(self, what):
        if self.shown is not self.game_tab:
            raise ValueError(f"{what} acts on the GAN: show the GAN tab first (the Dirac-GAN steps with 'full step')")

    def d_step(self):
        """One D update of the GAN (refused while the Dirac-GAN's tab is on show)."""
        self._gan_shown("D step")
        self.state.d_step()
        self.redraw()

    def g_step(self):
        """One G update of the GAN (refused while the Dirac-GAN's tab is on show)."""
        self._gan_shown("G step")
        self.state.g_step()
        self.redraw()

    def full_step(self, n=1, playing=False):
        """n full steps of the shown game (the GAN's Algorithm 1, or the Dirac-GAN's); playing: a frame of play."""
        self.shown.step(n)
        self.redraw(playing)

    def reset(self):
        """The shown game back to its start (the GAN rebuilt from the toolbar's seed)."""
        self.shown.reset(self.toolbar.seed.value)
        self.redraw()

    def new_dirac_game(self):
        """The Dirac-GAN's schedule or gamma changed: a fresh one from its controls."""
        self.dirac_tab.new_game()
        self.redraw()

    def change(self, **changes):
        """The one way settings reach the state: ``state.set``, then the controls show the state's settings
        (the new data's preset, or the old values after a refused one), then a redraw (a new view if rebuilt)."""
        try:
            self.state.set(**changes)
        finally:
            self.settings_panel.show(self.state.settings)
            self.plane_panel.show(self.state.settings)
            self.label_panel.show(self.state.settings, n_classes(self.state.settings["data"]))
            self.toolbar.seed.value = self.state.settings["seed"]
        self.redraw()

    def change_setting(self, name, value):
        """A control changed; choosing "drawn" data brings the drawn points (refused when there are none)."""
        if (name, value) == ("data", "drawn"):
            if not self.drawn:
                where = "on the plane" if self.state.dataset.dim == 2 else "on the plane of a 2-D data set (ring, grid...)"
                self.settings_panel.show(self.state.settings)
                raise ValueError(f"no points drawn yet: click {where} (or drag) to draw data points")
            self.change(points=self.drawn)
        else:
            self.change(**{name: value})

    def on_mouse(self, event):
        """Mouse events on the plane (ipyevents): a click adds a point, a drag draws a stroke of points.

        The plane's box stays as it was when drawing began, so a point lands where it was clicked.
        1-D pictures take no drawing (the data menu says where to draw).
        """
        kind = event.get("type")
        if self.state.dataset.dim != 2 or self.shown is not self.game_tab:
            return
        view = self.game_tab.current_view()
        if kind == "mousedown":
            self._stroke = [view.to_data(*self.game_tab.event_pixels(event))]
        elif kind == "mousemove" and self._stroke is not None:
            p = view.to_data(*self.game_tab.event_pixels(event))
            x0, x1 = view.extent[:2]
            if max(abs(p[0] - self._stroke[-1][0]), abs(p[1] - self._stroke[-1][1])) > 0.03 * (x1 - x0):
                self._stroke.append(p)
        elif kind in ("mouseup", "mouseleave") and self._stroke is not None:
            stroke, self._stroke = self._stroke, None
            self.add_points(stroke)

    def add_point(self, x1, x2):
        """Add (x1, x2) to the drawn points; the data set becomes those points (the game restarts)."""
        self.add_points([(x1, x2)])

    def add_points(self, points):
        """Add points [(x1, x2), ...]; the plane keeps the box it had when the drawing began."""
        if self.state.settings["data"] != "drawn" and self.state.dataset.dim == 2:
            self.state.draw_box = self.game_tab.current_view().extent
        self.drawn.extend((float(a), float(b)) for a, b in points)
        self.change(points=self.drawn)

    def clear_points(self):
        """Forget the drawn points; if they were the data, back to the ring."""
        self.drawn = []
        if self.state.settings["data"] == "drawn":
            self.change(data="ring")

    def load_file(self):
        """The data become the rows of the file named in the data section (.npy or .csv; relative to ``workdir``).

        Only a complete path to an existing .npy, .npz or .csv file is loaded; anything else says what is wrong.
        """
        typed = self.settings_panel.file.value.strip()
        path = os.path.join(self.workdir, os.path.expanduser(typed))
        if not typed.lower().endswith((".npy", ".npz", ".csv")):
            raise ValueError(f"type the whole path of a .npy, .npz or .csv file (got {typed!r})")
        if not os.path.isfile(path):
            raise ValueError(f"no file at {path}")
        self.change(data=path)

    def export(self):
        """The run folder (checkpoint, figures, rebuild.py, the picture as lab.png) and the code in the box."""
        out = os.path.join(self.workdir, os.path.expanduser(self.export_panel.out_dir.value.strip() or "lab_run"))
        out = self.state.export(out)
        with open(os.path.join(out, "lab.png"), "wb") as f:
            f.write(self.game_tab.current_view().png())
        self.export_panel.code.value = self.state.python_code(os.path.join(out, "checkpoint.npz"))
        self.say("export", f"wrote <code>{out}</code>: checkpoint.npz, rebuild.py (run it from anywhere), "
                 f"lab.json, lab.png{'' if self.state.settings['conditional'] else ' and the library figure'}",
                 error=False)
