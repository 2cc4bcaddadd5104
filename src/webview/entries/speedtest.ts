// Browser bundle of the speed test panel (dist/webview/speedtest.js).
import { SpeedtestApp } from '../speedtest/app';

const root = document.getElementById('app');
if (root) new SpeedtestApp(root);
