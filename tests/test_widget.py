"""The website chat widget, end to end: `rasa run` with our credentials, the demo page,
and Debian's chromium driven by Playwright. Screenshots go to results/widget/.

Needs the trained model, the built widget and /usr/bin/chromium (`make test` makes
all three).
"""
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from conftest import HOTLINE, ROOT
from servers import HOST_PAGE, RasaServer, free_port

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "widget" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "results" / "widget"
ANSWER_TIMEOUT_MS = 20000
# Without these, chromium keeps trying to reach Google's servers, which this
# machine's closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]



@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), "needs Debian's chromium: `make test` installs it"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()


def open_chat(page: Page, url: str, connected: bool = True) -> None:
    """Open the page and the chat; a new conversation starts with the greeting."""
    page.goto(url)
    page.locator(".launcher").click()
    expect(page.locator("textarea")).to_be_focused()
    if connected:
        greeting = page.locator(".message.bot").first
        expect(greeting).to_contain_text(HOTLINE, timeout=ANSWER_TIMEOUT_MS)
        expect(page.locator(".quick-replies button")).to_have_count(3)


def ask(page: Page, text: str) -> str:
    """Send `text` and return the text of the assistant's next message."""
    before = page.locator(".message.bot").count()
    page.locator("textarea").fill(text)
    page.keyboard.press("Enter")
    reply = page.locator(".message.bot").nth(before)
    expect(reply).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    return reply.locator(".text").inner_text()


def stored_chat(page: Page):
    return page.evaluate("sessionStorage.getItem('hta-chat')")


def test_the_demo_page_answers_a_question_with_its_source(live_server, page):
    open_chat(page, live_server.url + "/demo/")
    expect(page.locator("header .hotline")).to_have_attribute("href", "tel:18883737888")
    expect(page.locator("header .hotline")).to_contain_text(HOTLINE)
    answer = ask(page, "what is human trafficking?")
    assert "force, fraud or coercion" in answer
    caption = page.locator(".message.bot .source").last
    expect(caption).to_contain_text("Source")
    page.screenshot(path=str(SHOTS / "faq-answer.png"))


def test_an_urgent_message_gets_the_hotline(live_server, page):
    open_chat(page, live_server.url + "/demo/")
    answer = ask(page, "he took my passport and won't let me leave")
    assert answer.startswith(HOTLINE)
    link = page.locator(".message.bot .text a").last
    expect(link).to_have_attribute("href", "tel:18883737888")
    page.screenshot(path=str(SHOTS / "urgent.png"))


def test_after_an_urgent_message_the_next_answer_ends_with_the_hotline(live_server, page):
    # assistant/runtime/hotline_reminder.py: in the answer's own bubble, as a link.
    open_chat(page, live_server.url + "/demo/")
    ask(page, "he took my passport and won't let me leave")
    answer = ask(page, "is that trafficking?")
    assert "force, fraud or coercion" in answer
    assert answer.endswith(f"call {HOTLINE}.")
    link = page.locator(".message.bot .text a").last
    expect(link).to_have_attribute("href", "tel:18883737888")
    page.screenshot(path=str(SHOTS / "answer-after-urgent.png"))


def test_quick_exit_erases_the_chat_and_leaves_no_way_back(live_server, page):
    page.goto(live_server.url + "/")  # where the visitor was before the organisation's site
    open_chat(page, live_server.url + "/demo/")
    ask(page, "what is forced labour?")
    assert stored_chat(page) is not None
    page.locator(".quick-exit").click()
    page.wait_for_url("**/demo/neutral.html")
    assert stored_chat(page) is None  # same origin as the demo: same sessionStorage
    assert page.locator("#hta-chat-widget").count() == 0
    page.go_back()
    assert page.url == live_server.url + "/"
    page.screenshot(path=str(SHOTS / "after-quick-exit.png"))


def test_escape_twice_is_a_quick_exit(live_server, page):
    open_chat(page, live_server.url + "/demo/")
    ask(page, "hello")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url("**/demo/neutral.html")
    assert stored_chat(page) is None


def test_html_in_messages_is_shown_as_text_and_never_runs(live_server, page):
    attack = "<img src=x onerror=alert(1)>"
    open_chat(page, live_server.url + "/demo/")
    ask(page, attack)
    mine = page.locator(".message.user .text").last
    expect(mine).to_have_text(attack)
    assert page.locator("#hta-chat-widget img, img").count() == 0
    page.wait_for_timeout(500)
    assert page.dialogs == []


def test_the_chat_survives_a_reload_but_not_the_tab(live_server, browser, page):
    open_chat(page, live_server.url + "/demo/")
    ask(page, "what is sex trafficking?")
    page.reload()
    expect(page.locator(".message.user .text").first).to_have_text("what is sex trafficking?")
    assert page.evaluate("localStorage.length") == 0
    assert page.context.cookies() == []
    other_tab = browser.new_context().new_page()
    open_chat(other_tab, live_server.url + "/demo/")
    assert other_tab.locator(".message.user").count() == 0
    other_tab.context.close()


def test_keyboard_alone_is_enough(live_server, page):
    page.goto(live_server.url + "/demo/")
    for _ in range(10):  # Tab to the launcher
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.shadowRoot?.activeElement?.className") == "launcher":
            break
    else:
        pytest.fail("Tab never reached the chat launcher")
    page.keyboard.press("Enter")
    expect(page.locator("textarea")).to_be_focused()
    expect(page.locator(".quick-replies button").first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    for _ in range(10):  # Shift+Tab back from the text box to a suggested question
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.shadowRoot?.activeElement?.closest('.quick-replies') != null"):
            break
    else:
        pytest.fail("Shift+Tab never reached a suggested question")
    page.keyboard.press("Enter")
    expect(page.locator(".message.bot")).to_have_count(2, timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator("textarea")).to_be_focused()
    page.keyboard.type("what is sex trafficking?")
    page.keyboard.press("Enter")
    expect(page.locator(".message.bot")).to_have_count(3, timeout=ANSWER_TIMEOUT_MS)
    # The header's controls are reachable too.
    reached = set()
    for _ in range(15):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.shadowRoot?.activeElement?.className"))
    assert {"hotline", "quick-exit", "close"} <= reached, reached


def test_no_serious_accessibility_violations(live_server, page):
    open_chat(page, live_server.url + "/demo/")
    ask(page, "hi")
    ask(page, "how is trafficking different from smuggling?")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], serious


def test_it_works_on_a_360_pixel_wide_phone(live_server, browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    open_chat(page, live_server.url + "/demo/")
    ask(page, "how do I report human trafficking?")
    panel = page.locator(".panel").bounding_box()
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= 360
    for control in [".quick-exit", "header .hotline", "textarea", ".send"]:
        box = page.locator(control).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, control
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(SHOTS / "phone-360.png"))
    context.close()


def test_an_allowed_origin_connects(live_server, sites, page):
    _, allowed, _ = sites
    open_chat(page, allowed + "/index.html")
    assert "force, fraud or coercion" in ask(page, "what is human trafficking?")


def test_an_origin_not_allowed_gets_no_connection(live_server, sites, page):
    _, _, refused = sites
    open_chat(page, refused + "/index.html", connected=False)
    notice = page.locator(".message.system").first
    expect(notice).to_contain_text(HOTLINE, timeout=ANSWER_TIMEOUT_MS)
    page.locator("textarea").fill("what is human trafficking?")
    page.keyboard.press("Enter")
    page.wait_for_timeout(1000)
    assert page.locator(".message.bot").count() == 0
    assert page.locator(".message.user").count() == 0
    assert "is not an accepted origin" in live_server.output()
    page.screenshot(path=str(SHOTS / "origin-refused.png"))


def test_an_unreachable_server_gives_the_hotline(sites, page):
    folder, allowed, _ = sites
    # Nothing listens on port 9 (discard), as when the assistant is down; the
    # script itself comes from the site.
    for name in ["widget.js", "widget.css"]:
        (folder / name).write_bytes((ROOT / "build" / "widget" / name).read_bytes())
    host_page = HOST_PAGE.format(script=allowed + "/widget.js", server="http://127.0.0.1:9")
    (folder / "down.html").write_text(host_page)
    open_chat(page, allowed + "/down.html", connected=False)
    expect(page.locator(".message.system").first).to_contain_text(
        HOTLINE, timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator(".status")).to_contain_text(HOTLINE)


def test_the_server_log_holds_no_user_text(live_server):
    # Runs after the conversations above (pytest keeps file order).
    log = live_server.output()
    for typed in ["what is human trafficking?", "he took my passport", "onerror"]:
        assert typed not in log, typed
    assert re.search(r"\b[0-9a-f]{32}\b", log) is None, "a conversation id was logged"


def test_it_reconnects_by_itself_after_a_server_restart(page, tmp_path):
    credentials = tmp_path / "credentials.yml"
    credentials.write_text("assistant.channels.web_channel.WebChatInput:\n")
    port = free_port()
    with RasaServer(credentials, tmp_path / "first.log", port=port) as first:
        open_chat(page, first.url + "/demo/")
        ask(page, "what is forced labour?")
    expect(page.locator(".message.system").first).to_contain_text(
        HOTLINE, timeout=ANSWER_TIMEOUT_MS)
    with RasaServer(credentials, tmp_path / "second.log", port=port):
        expect(page.locator(".status")).to_have_text("Connected again.", timeout=30000)
        assert "force, fraud or coercion" in ask(page, "what is human trafficking?")
        page.screenshot(path=str(SHOTS / "reconnected.png"))
