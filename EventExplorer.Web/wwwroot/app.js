// EventExplorer's few browser helpers: preferences in cookies, clipboard, download, the browser's
// time zone, scrolling to a linked commit, and the connection notice.
(function () {
    // First: app.css hides the missing-asset notice only on a page where this script ran.
    document.documentElement.classList.add("ee-app-js");
    const year = 60 * 60 * 24 * 365;

    function setCookie(name, value) {
        document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=${year}; samesite=lax`;
    }

    function copyFallback(text) {
        const area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.appendChild(area);
        area.select();
        const ok = document.execCommand("copy");
        area.remove();
        return ok;
    }

    // The server renders the first paint from cookies: keep what it cannot know itself current
    // (the browser's zone, and the system's scheme for "follow the system").
    const dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
    function themeChoice() {
        const found = document.cookie.split("; ").find(c => c.startsWith("ee-theme="));
        return found ? decodeURIComponent(found.slice("ee-theme=".length)) : "system";
    }
    // "Follow the system": the server paints from the ee-system-dark cookie, which a first visit does not
    // have yet. MudBlazor's palette follows the media query by itself; the document's own colours
    // (data-theme in app.css) follow it here, or a dark system would get light chips on a dark page.
    function followSystemScheme() {
        setCookie("ee-system-dark", dark && dark.matches ? "1" : "0");
        if (themeChoice() === "system") document.documentElement.dataset.theme = dark && dark.matches ? "dark" : "light";
    }
    followSystemScheme();
    if (dark) dark.addEventListener("change", followSystemScheme);
    try { setCookie("ee-tz", Intl.DateTimeFormat().resolvedOptions().timeZone || ""); } catch { /* no Intl: UTC only */ }

    window.eventExplorer = {
        preferences: {
            save: (name, value) => {
                setCookie(name, value);
                if (name === "ee-theme") document.documentElement.dataset.theme = value;
            },
        },
        // The Clipboard API needs a secure context (https or localhost); fall back for plain http.
        copy: async (text) => {
            try {
                if (navigator.clipboard && window.isSecureContext) {
                    await navigator.clipboard.writeText(text);
                    return true;
                }
            } catch { /* fall through */ }
            return copyFallback(text);
        },
        download: (fileName, text, mimeType) => {
            const blob = new Blob([text], { type: mimeType || "application/json" });
            const url = URL.createObjectURL(blob);
            const a = document.createElement("a");
            a.href = url;
            a.download = fileName;
            document.body.appendChild(a);
            a.click();
            a.remove();
            setTimeout(() => URL.revokeObjectURL(url), 1000);
        },
        timeZone: () => {
            try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch { return null; }
        },
        // A followed link (a jump, a permalink) lands on its commit, not on the top of the page.
        scrollToTarget: () => {
            const row = document.querySelector("tr.is-target");
            if (row) row.scrollIntoView({ block: "center" });
        },
    };

    // Copy buttons that carry their text (data-copy) are handled here, without a round trip to the
    // server: they work before the circuit starts and cost the server nothing.
    function notice(text, ok) {
        let host = document.getElementById("ee-notices");
        if (!host) {
            host = document.createElement("div");
            host.id = "ee-notices";
            host.className = "ee-notices";
            host.setAttribute("role", "status");
            host.setAttribute("aria-live", "polite");
            document.body.appendChild(host);
        }
        const item = document.createElement("div");
        item.className = "ee-notice " + (ok ? "ok" : "warn");
        item.textContent = text;
        host.appendChild(item);
        setTimeout(() => item.remove(), 1800);
    }

    // The skip link focuses <main> instead of following '#main' (which <base href="/"> would send to the overview).
    document.addEventListener("click", (event) => {
        const skip = event.target instanceof Element ? event.target.closest("a.skip-link") : null;
        if (!skip) return;
        event.preventDefault();
        document.getElementById("main")?.focus();
    });

    document.addEventListener("click", async (event) => {
        const button = event.target instanceof Element ? event.target.closest("[data-copy]") : null;
        if (!button) return;
        const what = button.getAttribute("data-copy-what") || "text";
        const ok = await window.eventExplorer.copy(button.getAttribute("data-copy") || "");
        notice(ok ? `Copied the ${what}.` : `The browser did not allow copying the ${what}.`, ok);
    });

    // Every stylesheet and script of the page loaded and did its part? A stylesheet that failed (or came
    // back empty) has no rules; a script that failed defines nothing. Otherwise the notice names them.
    function missingAssets() {
        const missing = [];
        for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
            let loaded;
            try { loaded = !!link.sheet && link.sheet.cssRules.length > 0; } catch { loaded = true; /* another origin's: cannot tell */ }
            if (!loaded) missing.push(link.getAttribute("href"));
        }
        const scripts = [
            ["MudBlazor.min.js", () => typeof window.mudElementRef === "object"],
            ["blazor.web.js", () => typeof window.Blazor === "object"],
        ];
        for (const [name, present] of scripts) {
            if (present()) continue;
            const script = [...document.querySelectorAll("script[src]")].find(s => s.getAttribute("src").includes(name));
            missing.push(script ? script.getAttribute("src") : name);
        }
        return missing;
    }
    window.addEventListener("load", () => {
        const missing = missingAssets();
        if (missing.length === 0) return;
        const detail = document.getElementById("asset-notice-detail");
        if (detail) detail.textContent = "Missing: " + missing.join(", ") + ".";
        document.getElementById("asset-notice")?.classList.add("show");
        console.error("EventExplorer: these assets did not load: " + missing.join(", "));
    });

    // Blazor reports the circuit's state on #components-reconnect-modal. The document carries it as
    // data-connection, so CSS can show the notice and anything that claims to be live can say it is not.
    document.addEventListener("DOMContentLoaded", () => {
        const notice = document.getElementById("components-reconnect-modal");
        if (!notice) return;
        notice.addEventListener("components-reconnect-state-changed", (event) => {
            const state = event.detail && event.detail.state;
            document.documentElement.dataset.connection = state === "hide" ? "" : state;
            notice.dataset.state = state === "hide" ? "" : state;
        });
        document.getElementById("components-reconnect-button")?.addEventListener("click", async () => {
            try {
                if (!(await Blazor.reconnect())) location.reload();
            } catch { /* still down: the notice stays */ }
        });
        document.getElementById("components-reload-button")?.addEventListener("click", () => location.reload());
    });
})();
