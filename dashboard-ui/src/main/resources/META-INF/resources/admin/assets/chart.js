// A time-series line chart in plain SVG, drawn to the width of its container and redrawn when that changes.

import {h, s, replace} from './dom.js';
import * as format from './format.js';

const HEIGHT = 220;
const PAD = {top: 14, right: 14, bottom: 30, left: 44};

function niceMax(value) {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  // Even steps, so that the middle grid line is a whole number too.
  for (const step of [1, 2, 4, 6, 8, 10]) {
    if (value <= step * magnitude) return step * magnitude;
  }
  return value;
}

/**
 * @param container where the chart goes
 * @param buckets   [{t, ...}] from /admin/stats' timeseries
 * @param series    [{key, label, className}]
 * @param interval  'hour' or 'day', for the axis labels
 * @returns a function that stops following the container's size
 */
export function timeSeriesChart(container, buckets, series, interval, description) {
  function draw() {
    const width = Math.max(280, Math.floor(container.clientWidth || 600));
    const plotWidth = width - PAD.left - PAD.right;
    const plotHeight = HEIGHT - PAD.top - PAD.bottom;
    const max = niceMax(Math.max(0, ...buckets.flatMap(b => series.map(line => b[line.key]))));
    const x = i => PAD.left + (buckets.length <= 1 ? plotWidth / 2 : (i * plotWidth) / (buckets.length - 1));
    const y = v => PAD.top + plotHeight - (v / max) * plotHeight;

    const svg = s('svg', {class: 'chart', width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img',
      'aria-label': description});
    for (const fraction of [0, 0.5, 1]) {
      const value = max * fraction;
      svg.append(
        s('line', {class: 'grid', x1: PAD.left, x2: width - PAD.right, y1: y(value), y2: y(value)}),
        s('text', {class: 'axis', x: PAD.left - 6, y: y(value) + 4, 'text-anchor': 'end'}, format.count(value)));
    }
    const room = width < 500 ? 4 : 8;
    const labelCount = buckets.length <= room ? buckets.length : Math.min(room - 2, buckets.length);
    for (let k = 0; k < labelCount; k++) {
      const i = labelCount === 1 ? 0 : Math.round((k * (buckets.length - 1)) / (labelCount - 1));
      const anchor = k === 0 ? 'start' : k === labelCount - 1 ? 'end' : 'middle';
      svg.append(s('text', {class: 'axis', x: x(i), y: HEIGHT - 8, 'text-anchor': anchor},
        format.bucket(buckets[i].t, interval)));
    }
    for (const line of series) {
      const points = buckets.map((b, i) => `${x(i).toFixed(1)},${y(b[line.key]).toFixed(1)}`).join(' ');
      svg.append(s('polyline', {class: `line ${line.className}`, points}));
      if (buckets.length <= 48) {
        buckets.forEach((b, i) => svg.append(s('circle', {class: `dot ${line.className}`, cx: x(i), cy: y(b[line.key]), r: 3},
          s('title', null, `${format.bucket(b.t, interval)}: ${format.count(b[line.key])} ${line.label.toLowerCase()}`))));
      }
    }
    const legend = h('ul', {class: 'legend'}, series.map(line =>
      h('li', null, h('span', {class: `swatch ${line.className}`, 'aria-hidden': 'true'}), line.label)));
    replace(container, svg, legend);
  }

  draw();
  let lastWidth = container.clientWidth;
  const observer = new ResizeObserver(() => {
    if (container.clientWidth !== lastWidth) {
      lastWidth = container.clientWidth;
      draw();
    }
  });
  observer.observe(container);
  return () => observer.disconnect();
}
