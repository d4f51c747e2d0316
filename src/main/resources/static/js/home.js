// The home page: the workers and queue section is fetched again every few seconds, so progress moves without a reload.
(() => {
    const REFRESH_MILLIS = 2000;
    const panel = () => document.getElementById('workers');
    if (!panel()) {
        return;
    }
    const refresh = async () => {
        if (document.hidden) {
            return;
        }
        try {
            const response = await fetch(panel().dataset.refreshUrl, {cache: 'no-store'});
            if (response.ok) {
                panel().outerHTML = await response.text();
            }
        } catch (e) {
            // the server is restarting or the network is down: the next refresh tries again
        }
    };
    setInterval(refresh, REFRESH_MILLIS);
})();
