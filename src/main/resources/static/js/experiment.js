// The experiment and run pages: charts from the comparison and metrics APIs, kept live by Server-Sent Events.
// Other scripts of the page listen for 'initlab:metrics' (after each refresh) and 'initlab:progress' (each event);
// the stream also says how long the whole experiment has left.
(() => {
    const root = document.getElementById('experiment');
    if (!root) {
        return;
    }
    const experimentId = root.dataset.experimentId;
    const onlyRun = root.dataset.runId;
    const epochs = Number(root.dataset.epochs);
    const palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];
    const metricKeys = ['accuracy', 'validLoss', 'trainLoss'];
    const finished = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
    const charts = {};
    let epochsStored = -1;

    const fetchJson = async (path) => {
        const response = await fetch(path, {headers: {Accept: 'application/json'}});
        if (!response.ok) {
            throw new Error(`${path}: ${response.status}`);
        }
        return response.json();
    };

    const alpha = (hex, a) => {
        const n = parseInt(hex.slice(1), 16);
        return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
    };

    const formatSeconds = (seconds) => {
        const whole = Math.round(seconds);
        return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
    };

    const seriesOf = (epochRows, key) => epochRows.map((row) => ({x: row.epoch, y: row[key]}));

    const datasetsFor = (key, metrics, comparison) => {
        const datasets = [];
        const variants = [...new Set(metrics.runs.map((run) => run.variant))];
        variants.forEach((variant, index) => {
            const color = palette[index % palette.length];
            const aggregate = comparison && comparison.variants.find((v) => v.name === variant);
            if (aggregate) {
                const points = aggregate.epochs.filter((e) => e[key]);
                // the API clips each band to what the metric can reach (accuracy 0–1, loss ≥ 0)
                const band = points.filter((e) => e[key].ciLow !== null && e[key].ciLow !== undefined);
                datasets.push({label: `${variant} 95% CI`, data: band.map((e) => ({x: e.epoch, y: e[key].ciHigh})),
                    borderWidth: 0, pointRadius: 0, backgroundColor: alpha(color, 0.18), fill: '+1', band: true});
                datasets.push({label: `${variant} 95% CI low`, data: band.map((e) => ({x: e.epoch, y: e[key].ciLow})),
                    borderWidth: 0, pointRadius: 0, fill: false, band: true});
                datasets.push({label: `${variant} (mean of ${Math.max(0, ...points.map((e) => e.n))} seeds)`,
                    data: points.map((e) => ({x: e.epoch, y: e[key].mean})), borderColor: color,
                    backgroundColor: color, borderWidth: 3, pointRadius: 3, fill: false});
            }
            metrics.runs.filter((run) => run.variant === variant && (!onlyRun || run.runId === onlyRun))
                .forEach((run) => datasets.push({label: `${variant} seed ${run.seed}`, data: seriesOf(run.epochs, key),
                    borderColor: alpha(color, onlyRun ? 1 : 0.45), backgroundColor: alpha(color, 0.45),
                    borderWidth: onlyRun ? 2.5 : 1, pointRadius: onlyRun ? 3 : 0, fill: false, seedLine: true}));
        });
        return datasets;
    };

    // the accuracy chart answers the question, so it is the wide one; phones get taller charts
    const aspectRatio = (key) => {
        if (window.innerWidth < 600) {
            return 1.3;
        }
        return key === 'accuracy' && !onlyRun ? 2.6 : 1.7;
    };

    // a sequential experiment: each compared variant's state, its anytime-valid confidence sequence and E by pairs
    let evalueChart = null;
    const showSequential = (comparison) => {
        const section = document.getElementById('sequential');
        const states = comparison ? comparison.pairs.filter((pair) => pair.sequential) : [];
        if (!section || states.length === 0) {
            return;
        }
        section.hidden = false;
        const points = (value) => (value * 100).toFixed(1);
        document.getElementById('sequential-states').replaceChildren(...states.map((pair) => {
            const item = document.createElement('li');
            const s = pair.sequential;
            const bounds = s.confidenceSequence.low === null ? 'unbounded yet'
                : `${points(s.confidenceSequence.low)} to ${points(s.confidenceSequence.high)} points`;
            const when = s.settledAt === null ? `after ${s.pairs} pairs` : `after ${s.settledAt} pairs (${s.pairs} now)`;
            item.textContent = `${pair.variantA} against ${pair.variantB}: ${s.state} ${when} `
                + `(E = ${s.eValue.toPrecision(3)}, threshold ${s.threshold}); ${s.level} confidence sequence ${bounds}`;
            return item;
        }));
        const canvas = document.getElementById('chart-evalue');
        if (!canvas || !window.Chart) {
            return;
        }
        const threshold = states[0].sequential.threshold;
        const datasets = states.map((pair, index) => ({
            label: pair.variantA,
            data: pair.sequential.history.map((look) => ({x: look.pairs, y: look.eValue})),
            borderColor: palette[(index + 1) % palette.length],
            pointRadius: 2,
        }));
        const lastPairs = Math.max(2, ...states.map((pair) => pair.sequential.pairs));
        datasets.push({label: `threshold ${threshold}`, data: [{x: 2, y: threshold}, {x: lastPairs, y: threshold}],
            borderDash: [6, 4], borderColor: '#888', pointRadius: 0});
        if (evalueChart) {
            evalueChart.data.datasets = datasets;
            evalueChart.update('none');
            return;
        }
        evalueChart = new Chart(canvas, {
            type: 'line',
            data: {datasets},
            options: {animation: false, scales: {
                x: {type: 'linear', title: {display: true, text: 'paired seeds'}, ticks: {stepSize: 1}},
                y: {type: 'logarithmic', title: {display: true, text: 'E (e-value)'}},
            }},
        });
    };

    const draw = (metrics, comparison) => {
        metricKeys.forEach((key) => {
            const canvas = document.getElementById(`chart-${key}`);
            if (!canvas || !window.Chart) {
                return;
            }
            const datasets = datasetsFor(key, metrics, comparison);
            const showSeeds = document.querySelector(`#figure-${key} .toggle-seeds`);
            datasets.filter((d) => d.seedLine).forEach((d) => { d.hidden = showSeeds ? !showSeeds.checked : false; });
            if (charts[key]) {
                charts[key].data.datasets = datasets;
                charts[key].update('none');
                return;
            }
            charts[key] = new Chart(canvas, {
                type: 'line',
                data: {datasets},
                options: {
                    animation: false,
                    parsing: true,
                    aspectRatio: aspectRatio(key),
                    scales: {
                        x: {type: 'linear', min: 0, max: Math.max(1, epochs - 1),
                            title: {display: true, text: 'epoch (from 0, as fastai prints it)'}, ticks: {stepSize: 1}},
                        y: key === 'accuracy'
                            ? {title: {display: true, text: 'accuracy'}, min: 0, max: 1}
                            : {title: {display: true, text: 'loss'}, min: 0},
                    },
                    // seeds are named in their tooltips; the legend keeps to the variants' means
                    plugins: {legend: {labels: {filter: (item, data) => !data.datasets[item.datasetIndex].band
                                && (onlyRun || !data.datasets[item.datasetIndex].seedLine)}}},
                },
            });
        });
    };

    // the run page's card keeps fastai's per-epoch table
    const updateEpochTables = (metrics) => {
        metrics.runs.forEach((run) => {
            const body = document.querySelector(`#run-${run.runId} table.epochs tbody`);
            if (!body) {
                return;
            }
            body.replaceChildren(...run.epochs.map((row) => {
                const tr = document.createElement('tr');
                [String(row.epoch), row.trainLoss.toFixed(6), row.validLoss.toFixed(6), row.accuracy.toFixed(6),
                    formatSeconds(row.seconds)].forEach((text) => {
                    const td = document.createElement('td');
                    td.textContent = text;
                    tr.appendChild(td);
                });
                return tr;
            }));
        });
    };

    const refresh = async () => {
        const metrics = await fetchJson(`/api/experiments/${experimentId}/metrics`);
        let comparison = null;
        try {
            comparison = await fetchJson(`/api/experiments/${experimentId}/comparison`);
        } catch (e) {
            comparison = null;
        }
        draw(metrics, comparison);
        updateEpochTables(metrics);
        const verdict = document.getElementById('verdict');
        if (verdict && comparison && comparison.verdict) {
            verdict.textContent = comparison.verdict;
        }
        showSequential(comparison);
        const power = document.getElementById('power');
        if (power && comparison && comparison.pairs.length > 0) {
            const several = comparison.pairs.length > 1;
            power.textContent = comparison.pairs
                .map((pair) => (several ? `${pair.variantA}: ` : '') + pair.power.sentence)
                .join(' ');
            power.hidden = false;
        }
        document.dispatchEvent(new CustomEvent('initlab:metrics', {detail: {metrics, comparison}}));
    };

    // a run's card (run page) or its row in the runs table (experiment page)
    const showProgress = (runs) => {
        runs.forEach((run) => {
            const element = document.getElementById(`run-${run.id}`);
            if (!element) {
                return;
            }
            element.dataset.status = run.status;
            const badge = element.querySelector('.badge.status');
            badge.textContent = run.status;
            badge.className = `badge status ${run.status.toLowerCase()}`;
            element.querySelector('.progress .bar').setAttribute('width', String(run.percent));
            element.querySelector('.progress').setAttribute('aria-valuenow', String(run.percent));
            const text = element.querySelector('.progress-text');
            // the table shows the attempt in a column of its own
            text.textContent = element.matches('tr') ? run.statusText : run.text;
            if (finished.includes(run.status)) {
                element.querySelector('form')?.remove();
            }
            let error = element.querySelector('.error');
            if (run.error && !error) {
                error = document.createElement(text.tagName);
                error.className = 'error';
                text.after(error);
            }
            if (error) {
                error.textContent = run.error || '';
            }
        });
    };

    let events = null;

    const listen = () => {
        events = new EventSource(`/experiments/${experimentId}/events`);
        events.addEventListener('progress', (event) => {
            const runs = JSON.parse(event.data);
            showProgress(runs);
            document.dispatchEvent(new CustomEvent('initlab:progress', {detail: {runs}}));
            const stored = runs.reduce((sum, run) => sum + run.epochsStored, 0);
            if (stored !== epochsStored) {
                epochsStored = stored;
                refresh();
            }
            if (runs.every((run) => finished.includes(run.status))) {
                document.getElementById('cancel-experiment')?.closest('form').remove();
                document.getElementById('remaining')?.setAttribute('hidden', '');
                events.close();
            }
        });
        events.addEventListener('remaining', (event) => {
            const remaining = document.getElementById('remaining');
            if (remaining) {
                remaining.textContent = event.data;
                remaining.hidden = event.data === '';
            }
        });
        // the server could not read the experiment: it says so once and ends the stream
        events.addEventListener('failure', (event) => {
            events.close();
            showNotice(event.data);
        });
        // the browser gives up on its own only when the server refused the stream (429 or 503: too many open); a
        // stream the server closed, such as one that could not keep up, it opens again by itself
        events.addEventListener('error', () => {
            if (events.readyState === EventSource.CLOSED) {
                showNotice('Live updates are not available right now; reload the page to try again.');
            }
        });
    };

    const showNotice = (text) => {
        const notice = document.createElement('p');
        notice.className = 'error live-failure';
        notice.setAttribute('role', 'alert');
        notice.textContent = text;
        root.querySelector('h1').after(notice);
    };

    document.querySelectorAll('.toggle-seeds').forEach((box) => box.addEventListener('change', () => {
        const key = box.closest('figure').id.replace('figure-', '');
        charts[key].data.datasets.filter((d) => d.seedLine).forEach((d) => { d.hidden = !box.checked; });
        charts[key].update('none');
    }));
    document.querySelectorAll('.download-png').forEach((button) => button.addEventListener('click', () => {
        const key = button.dataset.chart;
        const link = document.createElement('a');
        link.href = charts[key].toBase64Image('image/png', 1);
        link.download = `initlab-${experimentId}-${key}.png`;
        link.click();
    }));
    document.querySelectorAll('.copy-link').forEach((button) => button.addEventListener('click', async () => {
        const target = button.dataset.target;
        const url = location.origin + location.pathname + (target === 'page' ? '' : `#figure-${target}`);
        try {
            await navigator.clipboard.writeText(url);
            button.textContent = 'Copied';
        } catch (e) {
            window.prompt('Copy this link', url);
        }
    }));

    refresh().then(listen, listen);

    // The page may be kept in the back/forward cache when the user leaves it: an open stream there would hold
    // one of the browser's few connections to this server, so it closes, and opens again if the page comes back.
    window.addEventListener('pagehide', () => events?.close());
    window.addEventListener('pageshow', (event) => {
        if (event.persisted && events?.readyState === EventSource.CLOSED) {
            refresh().then(listen, listen);
        }
    });
})();
