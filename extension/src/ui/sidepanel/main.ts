import '../components/host-status.ts';
