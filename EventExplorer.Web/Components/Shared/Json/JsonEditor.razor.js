// Sends the textarea's text to the server when typing pauses or the field loses focus, instead of
// on every keystroke, and refuses to send a text too large for the circuit (it would drop the connection):
// the size that counts is the text as the call carries it, JSON-escaped.
const state = new WeakMap();

export function attach(textarea, dotNet, delayMs, maxBytes, serverText) {
    let timer = 0;
    // What the server holds, not what the textarea shows: text typed or pasted before this module
    // loaded is then sent below instead of being silently lost.
    let lastSent = serverText;
    let refused = false;
    const encoder = new TextEncoder();

    const send = () => {
        clearTimeout(timer);
        timer = 0;
        const text = textarea.value;
        if (text === lastSent && !refused) return;
        // What crosses the circuit: the text inside the JSON of a .NET call (escapes included).
        const bytes = encoder.encode(JSON.stringify(text)).length;
        if (bytes > maxBytes) {
            refused = true;
            dotNet.invokeMethodAsync('OnTextTooLargeAsync', bytes);
            return;
        }
        refused = false;
        lastSent = text;
        dotNet.invokeMethodAsync('OnTextInputAsync', text);
    };
    const onInput = () => {
        clearTimeout(timer);
        timer = setTimeout(send, delayMs);
    };

    textarea.addEventListener('input', onInput);
    textarea.addEventListener('change', send);
    if (textarea.value !== serverText) send();
    state.set(textarea, {
        markSent: text => { lastSent = text; },
        dispose: () => {
            clearTimeout(timer);
            textarea.removeEventListener('input', onInput);
            textarea.removeEventListener('change', send);
        },
    });
}

export function setValue(textarea, value) {
    textarea.value = value;
    state.get(textarea)?.markSent(value);
}

export function selectAt(textarea, offset) {
    textarea.focus();
    textarea.setSelectionRange(offset, offset + 1);
    // Bring the selection into view: browsers only scroll a textarea to the caret on input.
    const before = textarea.value.slice(0, offset).split('\n').length - 1;
    const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 18;
    textarea.scrollTop = Math.max(0, before * lineHeight - textarea.clientHeight / 2);
}

export function detach(textarea) {
    state.get(textarea)?.dispose();
    state.delete(textarea);
}
