"""The dashboard page's style sheet: the sidebar and its sections, results, tables, notices.

``negsim-presenting`` on the page is presentation mode: a narrower sidebar with larger type, and
larger tables and notes, for the back row of a lecture hall (the charts size themselves: see
``look``).
"""

CSS = """
.negsim-page { height: 100vh; flex-wrap: nowrap !important; }
.negsim-controls { width: 320px; min-width: 320px; height: 100vh; overflow-y: auto;
                   padding: 6px 14px 10px 14px; background: #f4f5f7; border-right: 1px solid #ddd; }
.negsim-main { flex: 1 1 auto; height: 100vh; overflow-y: auto; padding: 6px 10px; min-width: 0; }
.negsim-main > *, .negsim-controls > * { flex-shrink: 0; }  /* scroll, never squash a row */
.negsim-brand { font-size: 19px; font-weight: 600; margin: 2px 0 6px 0; }
.negsim-controls .v-input { margin-top: 0 !important; padding-top: 0 !important; }
.negsim-controls .v-messages { min-height: 0 !important; }
.negsim-controls .v-input__slot { margin-bottom: 0 !important; }
.negsim-controls .v-label { font-size: 14px; }
.negsim-lever { margin-bottom: 0px; }
.negsim-group { font-size: 12px; font-weight: 600; text-transform: uppercase;
                letter-spacing: 0.04em; color: #555; border-top: 1px solid #ccc;
                margin: 10px 0 2px 0; padding-top: 6px; }
.negsim-lever-label { font-size: 14px; margin: 4px 0 -6px 0; }
.negsim-lever .v-input--switch { margin: 4px 0 2px 0 !important; }
.negsim-table { border-collapse: collapse; font-size: 13.5px; width: 100%; }
.negsim-table th, .negsim-table td { padding: 3px 5px; border-bottom: 1px solid #ddd; }
.negsim-table td.num, .negsim-table th.num { text-align: right;
                                             font-variant-numeric: tabular-nums; }
.negsim-swatch { display: inline-block; width: 12px; height: 12px; margin-right: 6px;
                 border: 1px solid #000; vertical-align: middle; }
.negsim-story { font-size: 14px; line-height: 1.35; max-height: 560px; overflow-y: auto;
                padding-left: 18px; margin: 0; }
.negsim-heading { font-size: 18px; font-weight: 600; margin: 2px 0; }
.negsim-note { color: #555; font-size: 13px; }
.negsim-problem { color: #8a1c00; background: #fff4e5; border-left: 4px solid #D55E00;
                  padding: 6px 10px; font-size: 14px; margin: 4px 0; }
.negsim-button { display: inline-block; padding: 7px 12px; border-radius: 4px; background: #0072B2;
                 color: white !important; text-decoration: none; font-weight: 500;
                 font-size: 14px; }
.negsim-table caption { caption-side: top; text-align: left; color: #333; padding: 2px 5px; }
.negsim-chart { width: 100%; height: auto; display: block; }
.negsim-pin { background: #fff; border: 1px solid #ccc; border-radius: 4px; padding: 6px 8px;
              margin: 6px 0 8px 0; font-size: 14px; }
.scenario-description { margin: -4px 0 4px 0; }
.negsim-presenting .negsim-controls { width: 300px; min-width: 300px; }
.negsim-presenting .negsim-lever-label, .negsim-presenting .negsim-controls .v-label,
.negsim-presenting .negsim-pin { font-size: 17px; }
.negsim-presenting .negsim-group { font-size: 14px; }
.negsim-presenting .negsim-table { font-size: 18px; }
.negsim-presenting .negsim-note, .negsim-presenting .negsim-story { font-size: 17px; }
.negsim-presenting .negsim-heading { font-size: 22px; }
"""
