// The post's table over seeds: per metric, epoch by epoch, each variant's mean ± 95 % CI half-width and each
// variant's paired difference from the baseline, built from the comparison API; copied as CSV or Markdown.
(() => {
    const container = document.getElementById('seed-tables');
    if (!container) {
        return;
    }
    // accuracy first: it answers the question; fastai's names for the columns it prints
    const metrics = [['accuracy', 'accuracy'], ['validLoss', 'valid_loss'], ['trainLoss', 'train_loss']];
    let tables = [];

    const fixed = (value) => value.toFixed(6);
    const signed = (value) => (value >= 0 ? '+' : '−') + fixed(Math.abs(value));

    // as the verdict writes p: two significant digits, or "< 0.001"; Holm-adjusted when several variants
    // are compared with the baseline
    const formatP = (tests) => {
        const test = tests.paired;
        if (test.status === 'TESTABLE') {
            const p = tests.holm ? tests.holm.pairedP : test.p;
            return p < 0.001 ? '< 0.001' : Number(p.toPrecision(2)).toString();
        }
        return test.status === 'NO_VARIATION' ? 'no variation' : '–';
    };

    const meanCell = (summary, seeds) => {
        if (!summary || summary.mean === null) {
            return '–';
        }
        const spread = summary.ciHalfWidth === null ? '' : ` ± ${fixed(summary.ciHalfWidth)}`;
        return fixed(summary.mean) + spread + (summary.n < seeds ? ` (n=${summary.n})` : '');
    };

    const differenceCell = (paired) => {
        if (!paired || paired.meanDifference === null) {
            return '–';
        }
        const spread = paired.ci95 ? ` ± ${fixed((paired.ci95.high - paired.ci95.low) / 2)}` : '';
        return signed(paired.meanDifference) + spread;
    };

    /** One table per metric: a header row and a row of text cells per epoch. */
    const build = (comparison) => {
        const seeds = comparison.variants.map((variant) => Math.max(0, ...variant.epochs.map((e) => e.n)));
        const epochs = [...new Set(comparison.variants.flatMap((v) => v.epochs.map((e) => e.epoch)))]
            .sort((a, b) => a - b);
        return metrics.map(([key, name]) => {
            const header = ['epoch', ...comparison.variants.map((v, i) => `${v.name} (${seeds[i]} seeds)`)];
            const pHeader = comparison.pairs.length > 1 ? 'p (paired, Holm)' : 'p (paired)';
            comparison.pairs.forEach((pair) => header.push(`Δ ${pair.variantA} − ${pair.variantB}`, pHeader));
            const rows = epochs.map((epoch) => {
                const row = [String(epoch), ...comparison.variants.map((variant, i) =>
                    meanCell(variant.epochs.find((e) => e.epoch === epoch)?.[key], seeds[i]))];
                comparison.pairs.forEach((pair) => {
                    const tests = pair.epochs.find((e) => e.epoch === epoch)?.[key];
                    row.push(differenceCell(tests?.paired), tests ? formatP(tests) : '–');
                });
                return row;
            });
            return {key, name, header, rows};
        });
    };

    const tableElement = (table) => {
        const wrap = document.createElement('div');
        wrap.className = 'table-wrap';
        const element = document.createElement('table');
        element.className = 'seeds';
        element.dataset.metric = table.key;
        element.createCaption().textContent = table.name;
        const head = element.createTHead().insertRow();
        table.header.forEach((text) => {
            const th = document.createElement('th');
            th.textContent = text;
            head.appendChild(th);
        });
        const body = element.createTBody();
        table.rows.forEach((cells) => {
            const tr = body.insertRow();
            cells.forEach((text) => { tr.insertCell().textContent = text; });
        });
        wrap.appendChild(element);
        return wrap;
    };

    // accuracy stays in view; the loss tables fold away, and stay open once opened
    const render = () => {
        if (tables.every((table) => table.rows.length === 0)) {
            return;
        }
        const wasOpen = container.querySelector('details')?.open ?? false;
        const losses = document.createElement('details');
        losses.open = wasOpen;
        const summary = document.createElement('summary');
        summary.textContent = tables.slice(1).map((table) => table.name).join(' and ');
        losses.append(summary, ...tables.slice(1).map(tableElement));
        container.replaceChildren(tableElement(tables[0]), losses);
    };

    // as the server's CSV: RFC 4180 quoting, and a leading quote mark for text a spreadsheet would run as a formula
    const csvField = (text) => {
        const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
        return safe !== text || /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
    };
    const asCsv = () => tables.flatMap((table, index) => [
        ...(index === 0 ? [['metric', ...table.header]] : []),
        ...table.rows.map((cells) => [table.name, ...cells]),
    ]).map((cells) => cells.map(csvField).join(',')).join('\n') + '\n';

    const markdownCell = (text) => text.replaceAll('|', '\\|');
    const asMarkdown = () => tables.map((table) => [
        `**${table.name}**`, '',
        `| ${table.header.map(markdownCell).join(' | ')} |`,
        `|${table.header.map(() => '---|').join('')}`,
        ...table.rows.map((cells) => `| ${cells.map(markdownCell).join(' | ')} |`),
    ].join('\n')).join('\n\n') + '\n';

    const copy = async (text, label) => {
        const status = document.querySelector('#seed-table .copied');
        try {
            await navigator.clipboard.writeText(text);
            status.textContent = `${label} copied`;
        } catch (e) {
            // plain http to another host has no clipboard API: let the reader copy it by hand
            window.prompt(`Copy the table as ${label}`, text);
        }
    };

    document.getElementById('copy-csv').addEventListener('click', () => copy(asCsv(), 'CSV'));
    document.getElementById('copy-markdown').addEventListener('click', () => copy(asMarkdown(), 'Markdown'));
    document.addEventListener('initlab:metrics', (event) => {
        if (!event.detail.comparison) {
            return;
        }
        const built = build(event.detail.comparison);
        // a reader may be selecting text in the table: leave it alone unless a number changed
        if (JSON.stringify(built) !== JSON.stringify(tables)) {
            tables = built;
            render();
        }
    });
})();
