"""A small full-screen dashboard in curses, for the screenshot example.

It draws with colour pairs (ANSI and 256-colour), bold, reverse, underline
and a wide-character label, and nothing that changes by itself (no clock),
so the same keys always give the same screen. Keys: Up/Down move the
selection, q quits. The cursor stays on the selected item, as menus do.
"""
import curses
import locale

locale.setlocale(locale.LC_ALL, "")

SERVICES = [
    ("api", "running", 92),
    ("worker", "running", 64),
    ("scheduler", "degraded", 37),
    ("mailer", "stopped", 0),
    ("日本語 search", "running", 78),
]
STATE_PAIR = {"running": 2, "degraded": 3, "stopped": 4}


def draw(screen, selected):
    rows, cols = screen.getmaxyx()
    screen.erase()
    title = " tmuxpect dashboard "
    screen.addstr(0, 0, title.ljust(cols), curses.color_pair(1) | curses.A_BOLD)
    width = 60
    screen.addstr(2, 2, "┌" + "─" * (width - 2) + "┐", curses.color_pair(5))
    for index, (name, state, load) in enumerate(SERVICES):
        y = 3 + index
        screen.addstr(y, 2, "│", curses.color_pair(5))
        attributes = curses.A_REVERSE if index == selected else curses.A_NORMAL
        screen.addstr(y, 4, f"{name:<14}" if name.isascii() else name + " " * 4, attributes)
        screen.addstr(y, 20, f"{state:<9}", curses.color_pair(STATE_PAIR[state]) | curses.A_BOLD)
        bar = load * 20 // 100
        screen.addstr(y, 31, " " * bar, curses.color_pair(6))
        screen.addstr(y, 31 + bar, " " * (20 - bar), curses.color_pair(7))
        screen.addstr(y, 53, f"{load:>3}%")
        screen.addstr(y, width + 1, "│", curses.color_pair(5))
    screen.addstr(3 + len(SERVICES), 2, "└" + "─" * (width - 2) + "┘", curses.color_pair(5))
    screen.addstr(10, 4, "Selected: ", curses.A_DIM)
    screen.addstr(10, 14, SERVICES[selected][0], curses.A_UNDERLINE | curses.color_pair(8))
    screen.addstr(rows - 1, 0, " ↑/↓ move   q quit ".ljust(cols - 1), curses.A_REVERSE)
    screen.move(3 + selected, 4)
    screen.refresh()


def main(screen):
    curses.start_color()
    curses.use_default_colors()
    curses.init_pair(1, curses.COLOR_WHITE, curses.COLOR_BLUE)
    curses.init_pair(2, curses.COLOR_GREEN, -1)
    curses.init_pair(3, 208, -1)  # 256-colour orange
    curses.init_pair(4, curses.COLOR_RED, -1)
    curses.init_pair(5, 244, -1)  # 256-colour grey
    curses.init_pair(6, -1, 29)  # 256-colour green background
    curses.init_pair(7, -1, 236)  # 256-colour dark grey background
    curses.init_pair(8, curses.COLOR_CYAN, -1)
    curses.curs_set(1)
    selected = 0
    while True:
        draw(screen, selected)
        key = screen.getch()
        if key == ord("q"):
            return
        if key == curses.KEY_DOWN:
            selected = min(selected + 1, len(SERVICES) - 1)
        elif key == curses.KEY_UP:
            selected = max(selected - 1, 0)


curses.wrapper(main)
