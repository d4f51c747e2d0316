// /compare: each experiment's per-variant mean curves from its comparison API, on shared axes.
(async () => {
    const root = document.getElementById('compare');
    const ids = root.dataset.experimentIds.split(',').filter(Boolean);
    const palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];
    const dashes = [[], [6, 4], [2, 3], [10, 3, 2, 3]];
    const results = await Promise.all(ids.map(async (id) => {
        const [experiment, comparison] = await Promise.all([
            fetch(`/api/experiments/${id}`).then((r) => r.json()),
            fetch(`/api/experiments/${id}/comparison`).then((r) => r.json())]);
        return {experiment, comparison};
    }));
    results.forEach(({experiment, comparison}) => {
        const item = root.querySelector(`li[data-experiment-id="${experiment.id}"] .verdict-line`);
        item.textContent = ` · ${comparison.verdict}`;
    });
    ['accuracy', 'validLoss'].forEach((key) => {
        const datasets = [];
        results.forEach(({experiment, comparison}, e) => comparison.variants.forEach((variant, v) => datasets.push({
            label: `${experiment.name} · ${variant.name}`,
            data: variant.epochs.map((epoch) => ({x: epoch.epoch, y: epoch[key].mean})),
            borderColor: palette[v % palette.length], backgroundColor: palette[v % palette.length],
            borderDash: dashes[e % dashes.length], borderWidth: 2, pointRadius: 2, fill: false,
        })));
        new Chart(document.getElementById(`chart-${key}`), {
            type: 'line', data: {datasets},
            options: {animation: false, scales: {x: {type: 'linear', title: {display: true, text: 'epoch (from 0, as fastai prints it)'}, ticks: {stepSize: 1}}}},
        });
    });
})();
