import {
  Activity,
  ChartColumn,
  FileUp,
  ReceiptText,
  Funnel,
  Gauge,
  Layers,
  LifeBuoy,
  Mail,
  Router,
  ScrollText,
  Settings,
  ShieldCheck,
  Users,
  Wrench,
  type LucideIcon,
} from "lucide-react";

const icons: Record<string, LucideIcon> = {
  gauge: Gauge,
  activity: Activity,
  users: Users,
  funnel: Funnel,
  layers: Layers,
  router: Router,
  upload: FileUp,
  shield: ShieldCheck,
  scroll: ScrollText,
  mail: Mail,
  settings: Settings,
  receipt: ReceiptText,
  chart: ChartColumn,
  wrench: Wrench,
  lifebuoy: LifeBuoy,
};

export function NavIcon({ name, className }: { name: string; className?: string }) {
  const Icon = icons[name] ?? Gauge;
  return <Icon className={className ?? "size-4"} aria-hidden="true" />;
}
