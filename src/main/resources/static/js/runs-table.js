// The experiment page's runs table: a row per run, kept live by the page's progress events and metrics
// refreshes, sortable by any column without a reload (the sort holds while rows update).
(() => {
    const table = document.getElementById('runs');
    if (!table) {
        return;
    }
    const body = table.tBodies[0];
    const finished = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
    const statusOrder = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
    let sortedBy = null;

    const formatSeconds = (seconds) => {
        const whole = Math.round(seconds);
        return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
    };

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

    document.addEventListener('initlab:progress', (event) => {
        event.detail.runs.forEach((run) => {
            const row = document.querySelector(`tr#run-${run.id}`);
            if (!row) {
                return;
            }
            row.dataset.status = run.status;
            const badge = row.querySelector('.badge.status');
            badge.textContent = run.status;
            badge.className = `badge status ${run.status.toLowerCase()}`;
            badge.closest('td').dataset.value = String(statusOrder.indexOf(run.status));
            const progress = row.querySelector('.progress-cell');
            progress.dataset.value = String(run.percent);
            progress.querySelector('.bar').style.width = `${run.percent}%`;
            progress.querySelector('.progress').setAttribute('aria-valuenow', String(run.percent));
            progress.querySelector('.progress-text').textContent = run.statusText;
            let error = progress.querySelector('.error');
            if (run.error && !error) {
                error = document.createElement('span');
                error.className = 'error';
                progress.appendChild(error);
            }
            if (error) {
                error.textContent = run.error || '';
            }
            setCell(row, '.attempt', run.attempt.split(',')[0], run.attempt);
            setCell(row, '.duration', run.durationSeconds ?? -1,
                run.durationSeconds === null ? '–' : formatSeconds(run.durationSeconds));
            if (finished.includes(run.status)) {
                row.querySelector('form')?.remove();
            }
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
