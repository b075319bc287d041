// EventExplorer's few browser helpers: theme, clipboard, download, time zone.
(function () {
    const themeKey = "eventexplorer-theme";
    const radzenCss = { light: "_content/Radzen.Blazor/css/software.css", dark: "_content/Radzen.Blazor/css/software-dark.css" };

    function stored() {
        try { return localStorage.getItem(themeKey); } catch { return null; }
    }

    function apply(theme) {
        document.documentElement.dataset.theme = theme;
        const link = document.getElementById("radzen-theme");
        if (link && link.getAttribute("href") !== radzenCss[theme]) link.setAttribute("href", radzenCss[theme]);
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

    window.eventExplorer = {
        theme: {
            get: () => document.documentElement.dataset.theme || "light",
            set: (theme) => {
                apply(theme);
                try { localStorage.setItem(themeKey, theme); } catch { /* private mode: not persisted */ }
                return theme;
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
    };

    // Runs in <head>, before the body paints: no flash of the wrong theme.
    apply(stored() || (window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"));
})();
