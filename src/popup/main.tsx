import { render } from 'preact';
import { App } from './App';
import { browserApi } from './api';
import './popup.css';

render(<App api={browserApi} />, document.getElementById('app')!);
