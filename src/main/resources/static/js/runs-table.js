// The experiment page's runs table: a row per run, kept live by the page's progress events and metrics
// refreshes, sortable by any column without a reload (the sort holds while rows update). Runs added to the
// experiment after the page was rendered (more seeds, from another page or the API) get their rows too.
(() => {
    const table = document.getElementById('runs');
    if (!table) {
        return;
    }
    const body = table.tBodies[0];
    let sortedBy = null;

    const setCell = (row, selector, value, text) => {
        const cell = row.querySelector(selector);
        cell.dataset.value = String(value);
        cell.textContent = text;
    };

    const sort = () => {
        if (!sortedBy) {
            return;
        }
        const {index, numeric, direction} = sortedBy;
        const key = (row) => row.cells[index].dataset.value;
        const rows = [...body.rows].sort((a, b) => {
            const order = numeric ? Number(key(a)) - Number(key(b))
                : key(a).localeCompare(key(b), undefined, {numeric: true});
            return direction * order;
        });
        body.append(...rows);
    };

    table.querySelectorAll('th[data-column]').forEach((th) => th.querySelector('button').addEventListener('click', () => {
        const ascending = th.getAttribute('aria-sort') !== 'ascending';
        table.querySelectorAll('th[data-column]').forEach((other) => other.setAttribute('aria-sort', 'none'));
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        sortedBy = {index: th.cellIndex, numeric: th.dataset.numeric === 'true', direction: ascending ? 1 : -1};
        sort();
    }));

    // A run the table has no row for was added after the page was rendered: its row is taken from the page as
    // the server renders it now (the experiment's new version), at most every few seconds.
    let rowsAskedAt = 0;
    const addRowsOf = async (runIds) => {
        if (Date.now() - rowsAskedAt < 3000) {
            return;
        }
        rowsAskedAt = Date.now();
        try {
            const response = await fetch(location.pathname, {headers: {Accept: 'text/html'}});
            if (!response.ok) {
                return;
            }
            const page = new DOMParser().parseFromString(await response.text(), 'text/html');
            runIds.forEach((id) => {
                const row = page.querySelector(`#runs tr#run-${id}`);
                if (row && !document.getElementById(`run-${id}`)) {
                    body.append(document.importNode(row, true));
                }
            });
            sort();
        } catch (e) {
            // the next progress event asks again
        }
    };

    // the page's script has shown each run's status and progress; these are the columns only this table has
    document.addEventListener('initlab:progress', (event) => {
        const newRuns = event.detail.runs.filter((run) => !document.getElementById(`run-${run.id}`));
        if (newRuns.length > 0) {
            addRowsOf(newRuns.map((run) => run.id));
        }
        event.detail.runs.forEach((run) => {
            const row = document.querySelector(`tr#run-${run.id}`);
            if (!row) {
                return;
            }
            row.querySelector('.badge.status').closest('td').dataset.value = String(run.statusOrder);
            row.querySelector('.progress-cell').dataset.value = String(run.percent);
            setCell(row, '.attempt', run.attempt.split(',')[0], run.attempt);
            setCell(row, '.duration', run.durationSeconds ?? -1, run.duration);
        });
        sort();
    });

    document.addEventListener('initlab:metrics', (event) => {
        event.detail.metrics.runs.forEach((run) => {
            const row = document.querySelector(`tr#run-${run.runId}`);
            if (!row || run.epochs.length === 0) {
                return;
            }
            const last = run.epochs[run.epochs.length - 1].accuracy;
            const best = Math.max(...run.epochs.map((epoch) => epoch.accuracy));
            setCell(row, '.final-accuracy', last, last.toFixed(6));
            setCell(row, '.best-accuracy', best, best.toFixed(6));
        });
        sort();
    });
})();
