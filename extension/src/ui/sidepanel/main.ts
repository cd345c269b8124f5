import '../components/host-status.ts';
import '../components/dashboard-view.ts';
