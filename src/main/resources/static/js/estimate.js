// The new-experiment form's live time estimate: the form's values as a spec, POSTed to /api/estimates
// a moment after the last change. Fields that make no spec yet ask for a fix instead of an estimate.
(() => {
    const form = document.getElementById('experiment-form');
    const output = document.getElementById('estimate');
    if (!form || !output) {
        return;
    }
    const QUIET_MS = 300;
    const MAX_SEEDS = 1000;
    const FIX_THE_FORM = 'Fix the form to see an estimate.';
    let timer;
    let latestRequest = 0;

    // as typed, like the form's own binding: an emptied device or dataset is refused, not defaulted
    const text = (name) => form.elements.namedItem(name)?.value ?? '';

    // undefined for an empty field (the recipe's default), NaN for one that is not a number
    const number = (name) => (text(name).trim() === '' ? undefined : Number(text(name)));

    const seeds = () => {
        const list = text('seedList').trim();
        if (list !== '') {
            return list.split(/[,\s]+/).map(Number);
        }
        const count = Math.min(number('seedCount') ?? 0, MAX_SEEDS);
        return Array.from({length: count}, (_, seed) => seed);
    };

    const variants = () => {
        const rows = [];
        for (let i = 0; form.elements.namedItem(`variants[${i}].name`); i++) {
            rows.push({name: text(`variants[${i}].name`), bn2Gamma: number(`variants[${i}].bn2Gamma`)});
        }
        return rows;
    };

    // the spec that ExperimentForm.toSpec makes of the same fields
    const spec = () => ({
        name: text('name'),
        dataset: text('dataset'),
        imageSize: number('imageSize'),
        epochs: number('epochs'),
        batchSize: number('batchSize'),
        lrMax: number('lrMax'),
        weightDecay: number('weightDecay'),
        head: text('head'),
        trainLimit: number('trainLimit'),
        validLimit: number('validLimit'),
        device: text('device'),
        variants: variants(),
        seeds: seeds(),
        ...Object.fromEntries(['adamBeta2', 'adamEps', 'momentumHigh', 'momentumLow', 'pctStart', 'divFactor',
            'finalDivFactor'].map((field) => [field, number(field)])),
        primaryEpoch: number('primaryEpoch'),
        smallestDifference: number('smallestDifferencePoints') === undefined ? undefined
            : number('smallestDifferencePoints') / 100,
        stopping: form.elements.namedItem('untilDecided')?.checked ? {
            rule: 'anytime', alpha: number('stoppingAlpha'), maxSeeds: number('maxSeeds'),
            seedsPerStep: number('seedsPerStep'),
        } : undefined,
    });

    const hasNaN = (value) => (typeof value === 'number' ? Number.isNaN(value)
        : value !== null && typeof value === 'object' && Object.values(value).some(hasNaN));

    const duration = (seconds) => {
        if (seconds < 90) {
            return `${Math.max(1, Math.round(seconds))} s`;
        }
        if (seconds < 90 * 60) {
            return `${Math.round(seconds / 60)} min`;
        }
        const hours = Math.floor(seconds / 3600);
        const minutes = Math.round((seconds - hours * 3600) / 60);
        return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
    };

    // a sequential spec ends when its answer is known: how many seeds that is likely to take
    const seedsExpected = (sequential) => `about ${sequential.expectedSeeds.toFixed(1)} of up to `
        + `${sequential.maxSeeds} seeds, simulated with the ${sequential.scale}`;

    const sentence = (estimate) => {
        const sequential = estimate.sequential;
        if (estimate.estimatedSeconds === null) {
            const basis = `${estimate.basis.charAt(0).toUpperCase()}${estimate.basis.slice(1)}.`;
            return sequential ? `${basis} Run until decided: ${seedsExpected(sequential)}.` : basis;
        }
        const plural = estimate.workers === 1 ? '' : 's';
        const workers = `${estimate.workers} ${estimate.deviceKind.toUpperCase()} worker${plural}`;
        const waiting = estimate.queueAheadSeconds >= 1
            ? ` (${duration(estimate.queueAheadSeconds)} of it behind the queue)` : '';
        if (sequential) {
            return `≈ ${duration(sequential.expectedSeconds)} expected, at most ${duration(sequential.largestSeconds)}`
                + ` (${seedsExpected(sequential)}) on ${workers}${waiting}, ${estimate.basis}.`;
        }
        return `≈ ${duration(estimate.estimatedSeconds)} on ${workers}${waiting}, ${estimate.basis}.`;
    };

    const show = (message, seconds) => {
        output.textContent = message;
        output.dataset.seconds = seconds ?? '';
    };

    const update = async () => {
        const request = ++latestRequest;
        const wanted = spec();
        if (hasNaN(wanted)) {
            show(FIX_THE_FORM);
            return;
        }
        try {
            const response = await fetch('/api/estimates', {
                method: 'POST',
                headers: {'Content-Type': 'application/json', Accept: 'application/json'},
                body: JSON.stringify(wanted),
            });
            if (request !== latestRequest) {
                return;
            }
            if (!response.ok) {
                show(response.status === 400 ? FIX_THE_FORM : '');
                return;
            }
            const estimate = await response.json();
            if (request === latestRequest) {
                show(sentence(estimate), estimate.sequential?.expectedSeconds ?? estimate.estimatedSeconds);
            }
        } catch (error) {
            if (request === latestRequest) {
                show('');
            }
        }
    };

    const later = () => {
        clearTimeout(timer);
        timer = setTimeout(update, QUIET_MS);
    };

    form.addEventListener('input', later);
    form.addEventListener('change', later);
    update();
})();
